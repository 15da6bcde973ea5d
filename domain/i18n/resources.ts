import { catalogue as en } from './en';
import { catalogue as zhCN } from './zh-CN';
import type { CatalogueShape } from './catalogue';
import type { Locale } from './locales';

export type Catalogue = typeof en;
export type Namespace = keyof Catalogue;
export const NAMESPACES = Object.keys(en) as Namespace[];

/** Every language's strings, keyed as i18next expects (language → namespace → key). */
export const RESOURCES: Record<Locale, CatalogueShape<Catalogue>> = { en, 'zh-CN': zhCN };
