/**
 * The shape every language's catalogue must have: the English catalogue's keys, each a string.
 * A Chinese catalogue missing a key (or with one English lacks) does not compile, and
 * tests/unit/i18n-catalogues.test.ts checks the same at run time with the placeholders.
 */
export type CatalogueShape<T> = { [K in keyof T]: T[K] extends string ? string : CatalogueShape<T[K]> };
