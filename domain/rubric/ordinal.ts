/**
 * The one place that turns a step score into the four ordinal categories every agreement statistic
 * uses (SiMing-Bench appendix E.2), and into the binary error label. Everything else (kappa, CSV
 * label files, the review screen) calls these functions so the rule cannot drift.
 *
 * Default rule: full marks -> 0; zero points -> 3; otherwise 1 when the score is at least half the
 * step's maximum (minor deduction), else 2 (clearly deficient). A step's category_map overrides it.
 */
import type { OrdinalCategory } from './types';

/**
 * Scores are whole or half points, but they arrive through JSON, CSV and arithmetic (e.g. a total
 * divided back out), so 2.5 may come in as 2.4999999999. Same tolerance as domain/agreement.
 */
export const SCORE_EPSILON = 1e-9;

/** What the mapping needs to know about a step; a full RubricStep satisfies it. */
export interface ScoredStep {
  max_points: number;
  /** When present the score must be one of these (within SCORE_EPSILON). */
  allowed_scores?: readonly number[];
  category_map?: Readonly<Record<string, OrdinalCategory>>;
}

/** The step maximum itself is unusable (not a finite number above 0). */
export class InvalidMaxPointsError extends Error {
  override readonly name = 'InvalidMaxPointsError';
  constructor(readonly maxPoints: number) {
    super(`a step maximum must be a number above 0, got ${String(maxPoints)}`);
  }
}

/** The score is not a finite number between 0 and the step maximum. */
export class ScoreOutOfRangeError extends Error {
  override readonly name = 'ScoreOutOfRangeError';
  constructor(
    readonly score: number,
    readonly maxPoints: number,
  ) {
    super(`score ${String(score)} is outside 0..${maxPoints}`);
  }
}

/** The score is within range but not one of the step's allowed scores (e.g. 1 on a 0/2/4 step). */
export class ScoreNotAllowedError extends Error {
  override readonly name = 'ScoreNotAllowedError';
  constructor(
    readonly score: number,
    readonly allowedScores: readonly number[],
  ) {
    super(`score ${score} is not allowed for this step (allowed: ${allowedScores.join(', ')})`);
  }
}

export function scoresEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= SCORE_EPSILON;
}

function checkMax(maxPoints: number): void {
  if (typeof maxPoints !== 'number' || !Number.isFinite(maxPoints) || maxPoints <= 0) {
    throw new InvalidMaxPointsError(maxPoints);
  }
}

function checkScore(maxPoints: number, score: number, allowed?: readonly number[]): void {
  checkMax(maxPoints);
  if (
    typeof score !== 'number' ||
    !Number.isFinite(score) ||
    score < -SCORE_EPSILON ||
    score > maxPoints + SCORE_EPSILON
  ) {
    throw new ScoreOutOfRangeError(score, maxPoints);
  }
  if (allowed && !allowed.some((a) => scoresEqual(a, score))) {
    throw new ScoreNotAllowedError(score, allowed);
  }
}

/**
 * Full marks is tested before zero so the order of tests, not the epsilon, decides the rare
 * ambiguous case; identical to domain/agreement/categories.ts.
 */
function defaultCategory(maxPoints: number, score: number): OrdinalCategory {
  if (score >= maxPoints - SCORE_EPSILON) return 0;
  if (score <= SCORE_EPSILON) return 3;
  if (score >= maxPoints / 2 - SCORE_EPSILON) return 1;
  return 2;
}

/** Keys are strings ("1.5", maybe "1.50"), so they are compared as numbers, not as text. */
function overrideFor(
  categoryMap: Readonly<Record<string, OrdinalCategory>> | undefined,
  score: number,
): OrdinalCategory | undefined {
  if (!categoryMap) return undefined;
  for (const [key, category] of Object.entries(categoryMap)) {
    if (key.trim() !== '' && scoresEqual(Number(key), score)) return category;
  }
  return undefined;
}

/**
 * Ordinal category of `score` on `step`. Throws ScoreOutOfRangeError / ScoreNotAllowedError /
 * InvalidMaxPointsError rather than guessing, because a silently mis-categorised score would skew
 * every agreement statistic computed from it. A category_map entry wins; a score the map does not
 * list (validateRubric rejects such maps) falls back to the default rule.
 */
export function scoreCategory(step: ScoredStep, score: number): OrdinalCategory {
  checkScore(step.max_points, score, step.allowed_scores);
  return overrideFor(step.category_map, score) ?? defaultCategory(step.max_points, score);
}

/** The default rule when only the maximum is known (CSV label files carry no rubric). */
export function categoryFromMax(maxPoints: number, score: number): OrdinalCategory {
  checkScore(maxPoints, score);
  return defaultCategory(maxPoints, score);
}

/** Binary error label: a step is an error when it scored less than its maximum. */
export function isError(stepOrMax: ScoredStep | number, score: number): boolean {
  const step = typeof stepOrMax === 'number' ? { max_points: stepOrMax } : stepOrMax;
  checkScore(step.max_points, score, step.allowed_scores);
  return score < step.max_points - SCORE_EPSILON;
}

/**
 * A critical step is failed when it scores below half its maximum, i.e. ordinal category 2
 * (clearly deficient) or 3 (zero points). Going through scoreCategory means a rubric's category_map
 * decides here too, so "failed" and the agreement categories cannot disagree. A non-critical step
 * is never "failed": its deduction only lowers the total.
 */
export function failsCriticalStep(step: ScoredStep & { critical: boolean }, score: number): boolean {
  return step.critical && scoreCategory(step, score) >= 2;
}
