/** English strings of the recordings namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const recordings = {} as const;
