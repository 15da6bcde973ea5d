import type { Catalogue } from './resources';

// Keys are checked by the compiler: t('review:finalChip') must exist in the English catalogue.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Catalogue;
    returnNull: false;
  }
}
