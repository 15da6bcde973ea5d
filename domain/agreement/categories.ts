/**
 * Score-to-category rules used by the agreement statistics (SiMing-Bench, appendix E.2).
 * domain/rubric/ordinal.ts states the same rule for the rest of the app; this local copy keeps the
 * agreement module dependency-free until the two are unified.
 */

/** Ordinal step label: 0 full marks, 1 minor deduction, 2 clearly deficient, 3 zero points. */
export type Category = 0 | 1 | 2 | 3;

export const CATEGORY_COUNT = 4;

/** Tolerance for score comparisons; rubric scores are whole or half points. */
export const SCORE_EPSILON = 1e-9;

/**
 * Default ordinal mapping: full marks -> 0; zero points -> 3; at least half the maximum -> 1;
 * otherwise 2. Full marks is tested first so a step whose maximum is 0 counts as fully correct.
 */
export function categoryFromMax(max: number, score: number): Category {
  if (score >= max - SCORE_EPSILON) return 0;
  if (score <= SCORE_EPSILON) return 3;
  if (score >= max / 2 - SCORE_EPSILON) return 1;
  return 2;
}

/** Binary error label: a step counts as an error when it was scored below its maximum. */
export function isScoredBelowMax(max: number, score: number): boolean {
  return score < max - SCORE_EPSILON;
}
