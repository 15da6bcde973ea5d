import type { TFunction } from 'i18next';
import type { Locale } from '../i18n/locales';
import { translatorFor } from '../i18n/translator';

/** The namespaces the reports and feedback write with: keys are written with their namespace ("reports:…"). */
export type ReportNamespaces = ['reports', 'glossary', 'feedback'];
export type ReportT = TFunction<ReportNamespaces>;

/** translatorFor, typed for namespaced keys of the report namespaces. */
export function reportTranslator(locale: Locale): ReportT {
  return translatorFor(locale) as unknown as ReportT;
}
