/** English strings of the scoring namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const scoring = {} as const;
