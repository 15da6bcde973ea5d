/** English strings of the reports namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const reports = {} as const;
