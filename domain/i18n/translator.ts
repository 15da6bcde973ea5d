import i18next, { type TFunction } from 'i18next';
import { RESOURCES, NAMESPACES } from './resources';
import type { Locale } from './locales';

export type Translate = TFunction;

/**
 * The options both the page and the backend use. Values are not HTML-escaped by i18next: React
 * escapes what it renders, and the report and feedback builders escape every value they write
 * (services/reports/html-kit.ts), so escaping here would escape twice.
 */
export const I18N_OPTIONS = {
  resources: RESOURCES,
  ns: NAMESPACES,
  defaultNS: 'common',
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  // 'zh-CN' is a language of its own here, not a fallback chain through 'zh'.
  load: 'currentOnly',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
} as const;

const cache = new Map<Locale, Translate>();

/**
 * A translate function for one language, for reports, feedback and the command line (the page
 * uses react-i18next with the same resources). Instances are independent, so a report written in
 * Chinese never changes the language of another one being written.
 */
export function translatorFor(locale: Locale): Translate {
  const hit = cache.get(locale);
  if (hit) return hit;
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, lng: locale });
  const t = instance.t.bind(instance) as Translate;
  cache.set(locale, t);
  return t;
}
