/**
 * The agreement statistics use the app's one score-to-category rule (domain/rubric/ordinal.ts);
 * these names are what the agreement code calls it by.
 */
import { categoryFromMax, isError, SCORE_EPSILON } from '../rubric/ordinal';
import type { OrdinalCategory } from '../rubric/types';

/** Ordinal step label: 0 full marks, 1 minor deduction, 2 clearly deficient, 3 zero points. */
export type Category = OrdinalCategory;

export { categoryFromMax, SCORE_EPSILON };

/** Binary error label: a step counts as an error when it was scored below its maximum. */
export function isScoredBelowMax(max: number, score: number): boolean {
  return isError(max, score);
}
