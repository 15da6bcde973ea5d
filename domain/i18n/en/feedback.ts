/** English strings of the feedback namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const feedback = {} as const;
