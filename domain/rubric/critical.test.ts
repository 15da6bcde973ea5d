import { describe, expect, it } from 'vitest';
import { failsCriticalStep } from './ordinal';

const ventilation = { max_points: 4, allowed_scores: [0, 1, 2, 3, 4], critical: true };

describe('failing a critical step', () => {
  it('is scoring below half its maximum (category 2 or 3)', () => {
    expect([0, 1, 2, 3, 4].map((s) => failsCriticalStep(ventilation, s))).toEqual([true, true, false, false, false]);
  });
  it('never happens on a non-critical step', () => {
    expect(failsCriticalStep({ ...ventilation, critical: false }, 0)).toBe(false);
  });
  it('follows a category_map override, so it cannot disagree with the agreement categories', () => {
    expect(failsCriticalStep({ ...ventilation, category_map: { '2': 2 } }, 2)).toBe(true);
  });
  it('refuses a score the step does not allow rather than guessing', () => {
    expect(() => failsCriticalStep(ventilation, 2.5)).toThrow(/not allowed/);
  });
});
