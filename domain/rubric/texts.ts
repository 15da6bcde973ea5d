/**
 * A rubric in one language. A rubric has one main text (English) and optionally the same rubric's
 * words in another language (`translations`, see types.ts). Every screen that shows a rubric
 * (the rubrics screen, the review's step panel, reports' step names) and the model prompt when a
 * run asks for the rubric's language call `localizedRubric` and get an ordinary Rubric: same id,
 * version, steps, step ids, points and allowed scores, only the words differ. Pure; runs in the
 * renderer, the backend and the CLI alike.
 */
import { listenFor } from './spoken';
import { RUBRIC_TEXT_LANGUAGES, type Rubric, type RubricText, type RubricTextLanguage } from './types';

/** The language of a rubric's main text. */
export const MAIN_RUBRIC_LANGUAGE = 'en';

/** A language a rubric can be read in: its main text's or one of its translations'. */
export type RubricLanguage = typeof MAIN_RUBRIC_LANGUAGE | RubricTextLanguage;
export const RUBRIC_LANGUAGES: readonly RubricLanguage[] = [MAIN_RUBRIC_LANGUAGE, ...RUBRIC_TEXT_LANGUAGES];

/** "Chinese (zh-CN)", for messages written in English (CLI, errors). */
export const RUBRIC_LANGUAGE_NAMES: Readonly<Record<RubricLanguage, string>> = {
  en: 'English',
  'zh-CN': 'Chinese (zh-CN)',
};

export function isRubricTextLanguage(value: unknown): value is RubricTextLanguage {
  return typeof value === 'string' && (RUBRIC_TEXT_LANGUAGES as readonly string[]).includes(value);
}

/** The text this rubric has in `locale`, or null when it has none (the main text is English). */
export function rubricTextIn(rubric: Pick<Rubric, 'translations'>, locale: string): RubricText | null {
  if (!isRubricTextLanguage(locale)) return null;
  return rubric.translations?.[locale] ?? null;
}

/** True when the rubric can be shown in `locale` without falling back to English. */
export function hasRubricText(rubric: Rubric, locale: string): boolean {
  return locale === MAIN_RUBRIC_LANGUAGE || rubricTextIn(rubric, locale) !== null;
}

/** The languages the rubric is written in: always 'en', then each translation. */
export function rubricLanguages(rubric: Rubric): string[] {
  return [MAIN_RUBRIC_LANGUAGE, ...RUBRIC_TEXT_LANGUAGES.filter((l) => rubric.translations?.[l])];
}

/**
 * The rubric worded in `locale` ('en', 'zh-CN'): titles, criteria, deduction reasons and what to
 * listen for come from that language's text, everything that scores comes from the rubric itself.
 * A locale the rubric has no text for gives the main (English) text, so a screen always has words
 * to show. The result carries no `translations` (it is one language's view, not a rubric to save).
 */
export function localizedRubric(rubric: Rubric, locale: string): Rubric {
  const { translations: _all, ...main } = rubric;
  const text = rubricTextIn(rubric, locale);
  if (!text) return structuredClone(main);
  return {
    ...structuredClone(main),
    title: text.title,
    station: text.station,
    description: text.description,
    ...(text.source_notes !== undefined ? { source_notes: text.source_notes } : {}),
    steps: rubric.steps.map((step) => {
      const words = text.steps[step.id];
      const copy = structuredClone(step);
      if (!words) return copy;
      const heard = listenFor(step) === null ? undefined : (words.listen_for ?? listenFor(step) ?? undefined);
      return {
        ...copy,
        title: words.title,
        criteria: words.criteria,
        typical_deductions: step.typical_deductions.map((d, i) => ({
          points: d.points,
          reason: words.typical_deductions[i] ?? d.reason,
        })),
        ...(heard !== undefined ? { listen_for: heard } : {}),
      };
    }),
  };
}

/** The words of one step in `locale` (title, criteria, deduction reasons), for screens that show a single step. */
export function localizedStep(rubric: Rubric, stepId: string, locale: string): Rubric['steps'][number] | undefined {
  return localizedRubric(rubric, locale).steps.find((s) => s.id === stepId);
}

/** A rubric list row's title and station in `locale` (the rubrics list and any rubric picker use it). */
export function localizedListWords(
  item: {
    title: string;
    station: string;
    texts?: Partial<Record<RubricTextLanguage, { title: string; station: string }>>;
  },
  locale: string,
): { title: string; station: string } {
  const words = isRubricTextLanguage(locale) ? item.texts?.[locale] : undefined;
  return words ?? { title: item.title, station: item.station };
}
