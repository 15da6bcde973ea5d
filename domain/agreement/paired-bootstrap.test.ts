import { describe, expect, it } from 'vitest';
import type { Category } from './categories';
import { pairedDifference, type PairedItem } from './paired-bootstrap';

const E = { category: 3 as Category, error: true };
const C = { category: 0 as Category, error: false };

/** Reference, A and B verdicts per item of a recording: E = error, C = correct. */
function recording(id: string, reference: string, a: string, b: string): PairedItem[] {
  const j = (c: string) => (c === 'E' ? E : C);
  return [...reference].map((r, i) => ({ recording: id, reference: j(r), a: j(a[i]!), b: j(b[i]!) }));
}

describe('paired difference of two raters against one reference', () => {
  // r1: reference E E C C; A E C C C (one miss); B E E C E (one false alarm)
  // r2: reference E C C C; A E E C C (one false alarm); B E C C C (perfect)
  const items = [...recording('r1', 'EECC', 'ECCC', 'EECE'), ...recording('r2', 'ECCC', 'EECC', 'ECCC')];

  it('matches a hand-computed MCC difference', () => {
    // A: tp 2, fp 1, fn 1, tn 4 → (2·4 − 1·1) / √(3·3·5·5) = 7/15.
    // B: tp 3, fp 1, fn 0, tn 4 → (3·4 − 0) / √(4·3·5·4) = 12/√240 = √0.6.
    const r = pairedDifference(items, 'mcc', { resamples: 0 });
    expect(r.nRecordings).toBe(2);
    expect(r.nItems).toBe(8);
    expect(r.a.value).toBeCloseTo(7 / 15, 14);
    expect(r.b.value).toBeCloseTo(Math.sqrt(0.6), 14);
    expect(r.difference.value).toBeCloseTo(Math.sqrt(0.6) - 7 / 15, 14);
    expect(r.interval).toBeNull();
  });

  it('gives the paired-bootstrap interval the three possible resamples of two recordings allow', () => {
    // {r1, r1}: A and B both 1/√3 → 0. {r2, r2}: A 1/√3, B 1 → 1 − 1/√3. {r1, r2}: the full data.
    // Each extreme draw has probability 1/4, so the 2.5% and 97.5% percentiles are exactly them.
    const r = pairedDifference(items, 'mcc', { resamples: 2000, seed: 11 });
    expect(r.interval?.validResamples).toBe(2000);
    expect(r.interval?.low).toBeCloseTo(0, 12);
    expect(r.interval?.high).toBeCloseTo(1 - 1 / Math.sqrt(3), 12);
  });

  it('is exactly 0 with a zero-width interval when the two raters agree item for item', () => {
    const same = items.map((i) => ({ ...i, b: i.a }));
    const r = pairedDifference(same, 'mcc', { resamples: 500, seed: 2 });
    expect(r.difference.value).toBe(0);
    expect([r.interval?.low, r.interval?.high]).toEqual([0, 0]);
  });

  it('matches a hand-computed quadratic κ difference', () => {
    // Categories: reference 0 1 2 3; A gives 0 1 2 3 (κ 1); B gives 0 0 3 3.
    const cat = (c: number) => ({ category: c as Category, error: c > 0 });
    const k: PairedItem[] = [0, 1, 2, 3].map((c, i) => ({
      recording: `r${i}`,
      reference: cat(c),
      a: cat(c),
      b: cat([0, 0, 3, 3][i]!),
    }));
    // B: observed Σw·O = 1 + 1 = 2; rows 1,1,1,1, columns 2,0,0,2: Σw·E = (1/4)·Σ_i Σ_j (i−j)²·col_j
    // = (1/4)·[2·(0+1+4+9) + 2·(9+4+1+0)] = 14 → κ = 1 − 2/14 = 6/7.
    const r = pairedDifference(k, 'qwk', { resamples: 0 });
    expect(r.a.value).toBeCloseTo(1, 14);
    expect(r.b.value).toBeCloseTo(6 / 7, 14);
    expect(r.difference.value).toBeCloseTo(6 / 7 - 1, 14);
  });

  it('says why the difference is undefined when a figure is', () => {
    const constant: PairedItem[] = [{ recording: 'r', reference: C, a: C, b: C }];
    const r = pairedDifference(constant, 'qwk', { resamples: 0 });
    expect(r.difference.value).toBeNull();
    expect(r.difference.reason).toMatch(/^A: both raters put every step in category 0/);
  });
});
