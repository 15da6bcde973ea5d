/** English strings of the glossary namespace. Keys are camelCase; {{name}} marks a value filled in. */
export const glossary = {} as const;
