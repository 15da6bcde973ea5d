import { describe, expect, it } from 'vitest';
import { categoryFromMax, isScoredBelowMax } from './categories';
import {
  adjacentAgreement,
  averageRanks,
  binaryCounts,
  confusionCounts,
  exactAgreement,
  f1,
  gwetAc1,
  mcc,
  pabak,
  pearson,
  precision,
  quadraticKappa,
  recall,
  spearman,
} from './metrics';

describe('ordinal categories', () => {
  it.each([
    [4, 4, 0],
    [4, 3, 1],
    [4, 2, 1], // exactly half the maximum is still "minor deduction"
    [4, 1.5, 2],
    [4, 0, 3],
    [1, 0.5, 1],
    [2.5, 1.25, 1],
    [2.5, 1, 2],
    [0.1 + 0.2, 0.3, 0], // float noise does not turn full marks into a deduction
  ])('max %d, score %d -> category %d', (max, score, want) => {
    expect(categoryFromMax(max, score)).toBe(want);
  });

  it('binary error is any score below the maximum', () => {
    expect(isScoredBelowMax(2, 2)).toBe(false);
    expect(isScoredBelowMax(2, 1.5)).toBe(true);
    expect(isScoredBelowMax(0.1 + 0.2, 0.3)).toBe(false);
  });
});

describe('correlations', () => {
  it('pearson on a textbook example', () => {
    // r = cov/(sx sy) for x = 1..5, y = 2,4,5,4,5: 6 / sqrt(10 * 6)
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]).value).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('average ranks for ties', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });

  it('spearman is 1 for any increasing relation and -1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64]).value).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [9, 4, 1, 0]).value).toBeCloseTo(-1, 12);
  });

  it('null with a reason when a side is constant or n < 2', () => {
    expect(pearson([1, 2, 3], [5, 5, 5], ['a', 'b'])).toEqual({ value: null, reason: 'b is constant' });
    expect(spearman([4, 4], [1, 2], ['a', 'b'])).toEqual({ value: null, reason: 'a is constant' });
    expect(pearson([1], [2]).value).toBeNull();
    expect(pearson([], []).reason).toMatch(/fewer than 2/);
  });
});

describe('ordinal agreement', () => {
  const a = [0, 0, 1, 2, 3, 3, 1, 0];
  const b = [0, 1, 1, 3, 3, 1, 1, 0];
  const counts = confusionCounts(a, b);

  it('confusion rows are rater a', () => {
    expect(counts[0 * 4 + 1]).toBe(1); // a said 0, b said 1
    expect(counts[3 * 4 + 1]).toBe(1); // a said 3, b said 1
  });

  it('exact, adjacent, PABAK', () => {
    expect(exactAgreement(counts).value).toBeCloseTo(5 / 8, 12);
    expect(adjacentAgreement(counts).value).toBeCloseTo(7 / 8, 12);
    expect(pabak(counts).value).toBeCloseTo((4 * (5 / 8) - 1) / 3, 12);
  });

  it("Gwet's AC1 (unweighted, 4 categories) from its definition", () => {
    // a has 3,2,1,2 steps per category and b 2,4,0,2, so pi = [5, 6, 1, 4] / 16
    const pi = [5 / 16, 6 / 16, 1 / 16, 4 / 16];
    const pe = pi.reduce((s, p) => s + p * (1 - p), 0) / 3;
    expect(gwetAc1(counts).value).toBeCloseTo((5 / 8 - pe) / (1 - pe), 12);
  });

  it('quadratic kappa: 1 for perfect agreement, null when both use one category, null when empty', () => {
    expect(quadraticKappa(confusionCounts([0, 1, 2, 3], [0, 1, 2, 3])).value).toBe(1);
    expect(quadraticKappa(confusionCounts([2, 2], [2, 2]))).toEqual({
      value: null,
      reason: 'both raters put every step in category 2',
    });
    expect(quadraticKappa(confusionCounts([], [])).value).toBeNull();
    expect(gwetAc1(confusionCounts([], [])).value).toBeNull();
  });
});

describe('binary error detection', () => {
  it('counts with rater a as reference', () => {
    expect(binaryCounts([true, true, false, false, true], [true, false, true, false, false])).toEqual({
      tp: 1,
      fp: 1,
      fn: 2,
      tn: 1,
    });
  });

  it('precision, recall, F1, MCC', () => {
    const c = { tp: 6, fp: 2, fn: 3, tn: 9 };
    expect(precision(c).value).toBeCloseTo(6 / 8, 12);
    expect(recall(c).value).toBeCloseTo(6 / 9, 12);
    expect(f1(c).value).toBeCloseTo(12 / 17, 12);
    expect(mcc(c).value).toBeCloseTo((6 * 9 - 2 * 3) / Math.sqrt(8 * 9 * 11 * 12), 12);
  });

  it('0 with a reason when undefined, as scikit-learn with zero_division=0', () => {
    const none = { tp: 0, fp: 0, fn: 0, tn: 5 };
    for (const m of [precision(none), recall(none), f1(none), mcc(none)]) {
      expect(m.value).toBe(0);
      expect(m.reason).toBeTruthy();
    }
  });
});
