/** English strings of the review namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const review = {} as const;
