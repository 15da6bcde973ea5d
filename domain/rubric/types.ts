/**
 * Rubric types, mirroring resources/schemas/rubric.schema.json key for key. The snake_case keys are
 * the file format other modules (database, prompts, CSV labels) read, so they are kept as-is rather
 * than translated to camelCase at this boundary.
 */

/** Ordinal step label used by every agreement statistic: 0 full marks, 1 minor deduction,
 *  2 clearly deficient, 3 zero points. */
export type OrdinalCategory = 0 | 1 | 2 | 3;

/** A deduction examiners commonly apply, shown as guidance and given to the model as context. */
export interface Deduction {
  points: number;
  reason: string;
}

export interface RubricStep {
  /** Stable slug, unique within the rubric (e.g. "cpr.scene_safety"); stored with every score. */
  id: string;
  title: string;
  /** What correct execution requires, with guideline numbers where there are any. */
  criteria: string;
  /** Whole or half points, greater than 0. */
  max_points: number;
  /** Ascending, unique, from 0 to max_points inclusive. */
  allowed_scores: number[];
  typical_deductions: Deduction[];
  /** Failing a critical step fails the station whatever the total. */
  critical: boolean;
  /** Optional override of the default ordinal mapping; keys are allowed scores as strings. */
  category_map?: Record<string, OrdinalCategory>;
  /**
   * Optional: the step depends on what is said or heard, and what to listen for. Built-in steps
   * take it from domain/rubric/spoken.ts, so the shipped rubric versions stay as they are.
   */
  listen_for?: string;
}

export interface Rubric {
  $schema?: string;
  /** Lowercase slug, e.g. "cpr". */
  id: string;
  /** Positive integer; identical content under two versions is detected by the content hash. */
  version: number;
  title: string;
  station: string;
  description: string;
  source_notes?: string;
  steps: RubricStep[];
  /**
   * The rubric's text in other languages: one rubric, two texts. Steps, ids, points and scoring
   * belong to the rubric; a translation only words them. Left out of the content hash (hash.ts), so
   * adding or editing one never makes a new version and never touches a mark or a statistic.
   */
  translations?: RubricTranslations;
}

/** The languages a rubric text may be given in besides its main text (which is English). */
export const RUBRIC_TEXT_LANGUAGES = ['zh-CN'] as const;
export type RubricTextLanguage = (typeof RUBRIC_TEXT_LANGUAGES)[number];

export type RubricTranslations = Partial<Record<RubricTextLanguage, RubricText>>;

/** A whole rubric's words in one language. */
export interface RubricText {
  title: string;
  station: string;
  description: string;
  source_notes?: string;
  /** Keyed by step id; every step of the rubric has one, and there is no other key. */
  steps: Record<string, StepText>;
}

export interface StepText {
  title: string;
  criteria: string;
  /** The reason of each typical deduction, in the step's order; the points stay the step's own. */
  typical_deductions: string[];
  /** Present exactly when the step depends on what is said or heard. */
  listen_for?: string;
}

/** One thing wrong with a rubric. `path` is a JSONPath such as `$.steps[3].allowed_scores[2]`
 *  (indexes 0-based); `message` is written for a lab admin and counts steps from 1. */
export interface RubricProblem {
  path: string;
  message: string;
}

export type RubricValidation = { ok: true; rubric: Rubric } | { ok: false; problems: RubricProblem[] };
