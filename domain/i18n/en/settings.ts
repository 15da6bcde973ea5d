/** English strings of the settings namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const settings = {} as const;
