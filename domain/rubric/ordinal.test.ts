import { describe, expect, it } from 'vitest';
import {
  categoryFromMax,
  InvalidMaxPointsError,
  isError,
  ScoreNotAllowedError,
  ScoreOutOfRangeError,
  scoreCategory,
} from './ordinal';

describe('scoreCategory default rule', () => {
  it('one-point step: 1 is full marks, 0 is zero points', () => {
    const step = { max_points: 1, allowed_scores: [0, 1] };
    expect(scoreCategory(step, 1)).toBe(0);
    expect(scoreCategory(step, 0)).toBe(3);
  });

  it('half-point step with max 2: each boundary', () => {
    const step = { max_points: 2, allowed_scores: [0, 0.5, 1, 1.5, 2] };
    expect([0, 0.5, 1, 1.5, 2].map((s) => scoreCategory(step, s))).toEqual([3, 2, 1, 1, 0]);
  });

  it('max 5: exactly half (2.5) is a minor deduction, just below half is clearly deficient', () => {
    const step = { max_points: 5 };
    expect(scoreCategory(step, 2.5)).toBe(1);
    expect(scoreCategory(step, 2)).toBe(2);
    expect(scoreCategory(step, 4.5)).toBe(1);
    expect(scoreCategory(step, 0.5)).toBe(2);
  });

  it('max 4 scored 0/2/4', () => {
    const step = { max_points: 4, allowed_scores: [0, 2, 4] };
    expect([0, 2, 4].map((s) => scoreCategory(step, s))).toEqual([3, 1, 0]);
  });

  it('max 3: 1 is below half (1.5), 2 is above', () => {
    const step = { max_points: 3 };
    expect([0, 1, 2, 3].map((s) => scoreCategory(step, s))).toEqual([3, 2, 1, 0]);
  });

  it('tolerates floating-point noise around half points and full marks', () => {
    expect(scoreCategory({ max_points: 5 }, 2.4999999999999)).toBe(1);
    expect(scoreCategory({ max_points: 5 }, 5.0000000000001)).toBe(0);
    expect(scoreCategory({ max_points: 0.3 * 10 }, 0.1 * 15)).toBe(1); // 3 and 1.5000000000000002
    expect(scoreCategory({ max_points: 2, allowed_scores: [0, 0.5, 1, 1.5, 2] }, 0.1 * 5)).toBe(2);
  });
});

describe('scoreCategory with a category_map override', () => {
  const step = {
    max_points: 2,
    allowed_scores: [0, 1, 2],
    category_map: { '0': 3, '1': 2, '2': 0 } as const,
  };

  it('uses the map instead of the default rule', () => {
    expect(scoreCategory(step, 1)).toBe(2); // the default would say 1
    expect(scoreCategory(step, 2)).toBe(0);
    expect(scoreCategory(step, 0)).toBe(3);
  });

  it('matches keys numerically ("1.50" is 1.5)', () => {
    const halves = { max_points: 2, category_map: { '0': 3, '1.50': 2, '2': 0 } as const };
    expect(scoreCategory(halves, 1.5)).toBe(2);
  });

  it('falls back to the default rule for a score the map does not list', () => {
    expect(scoreCategory({ max_points: 4, category_map: { '2': 2 } }, 3)).toBe(1);
  });
});

describe('scoreCategory rejects scores it cannot categorise', () => {
  it('out of range', () => {
    expect(() => scoreCategory({ max_points: 2 }, 3)).toThrow(ScoreOutOfRangeError);
    expect(() => scoreCategory({ max_points: 2 }, -0.5)).toThrow(ScoreOutOfRangeError);
    expect(() => scoreCategory({ max_points: 2 }, Number.NaN)).toThrow(ScoreOutOfRangeError);
  });

  it('not an allowed score', () => {
    const step = { max_points: 4, allowed_scores: [0, 2, 4] };
    expect(() => scoreCategory(step, 1)).toThrow(ScoreNotAllowedError);
    expect(() => scoreCategory(step, 1)).toThrow(/allowed: 0, 2, 4/);
  });

  it('a step maximum that is not above 0', () => {
    expect(() => scoreCategory({ max_points: 0 }, 0)).toThrow(InvalidMaxPointsError);
  });
});

describe('categoryFromMax', () => {
  it('applies the default rule when only the maximum is known', () => {
    expect(categoryFromMax(4, 4)).toBe(0);
    expect(categoryFromMax(4, 3)).toBe(1);
    expect(categoryFromMax(4, 2)).toBe(1);
    expect(categoryFromMax(4, 1.5)).toBe(2);
    expect(categoryFromMax(4, 0)).toBe(3);
    expect(categoryFromMax(1, 0.5)).toBe(1);
  });

  it('checks range but not allowed scores', () => {
    expect(categoryFromMax(4, 1)).toBe(2);
    expect(() => categoryFromMax(4, 4.5)).toThrow(ScoreOutOfRangeError);
    expect(() => categoryFromMax(-1, 0)).toThrow(InvalidMaxPointsError);
  });
});

describe('isError', () => {
  it('is an error exactly when the score is below the maximum', () => {
    expect(isError(2, 2)).toBe(false);
    expect(isError(2, 1.5)).toBe(true);
    expect(isError(2, 0)).toBe(true);
    expect(isError(1, 1)).toBe(false);
    expect(isError(5, 4.9999999999999)).toBe(false);
  });

  it('accepts a step and validates against its allowed scores', () => {
    const step = { max_points: 4, allowed_scores: [0, 2, 4] };
    expect(isError(step, 4)).toBe(false);
    expect(isError(step, 2)).toBe(true);
    expect(() => isError(step, 3)).toThrow(ScoreNotAllowedError);
    expect(() => isError(2, 2.5)).toThrow(ScoreOutOfRangeError);
  });

  it('agrees with the category: only category 0 is not an error', () => {
    for (let score = 0; score <= 5; score += 0.5) {
      expect(isError(5, score)).toBe(categoryFromMax(5, score) !== 0);
    }
  });
});
