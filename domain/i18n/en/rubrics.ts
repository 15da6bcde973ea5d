/** English strings of the rubrics namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const rubrics = {} as const;
