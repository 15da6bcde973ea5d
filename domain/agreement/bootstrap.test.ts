import { describe, expect, it } from 'vitest';
import { ResampleEvaluator, mulberry32 } from './bootstrap';
import { type LabelRow, computeAgreement, recordingStatistics } from './compute';
import { mcc, quadraticKappa, weightedPearson } from './metrics';

/** Synthetic exam: rater b copies rater a with occasional one-point slips. */
function syntheticRows(recordings: number, steps: number, seed: number): LabelRow[] {
  const random = mulberry32(seed);
  const rows: LabelRow[] = [];
  for (let r = 0; r < recordings; r++) {
    const skill = random();
    for (let s = 0; s < steps; s++) {
      const maxScore = 1 + (s % 4);
      const score = random() < skill ? maxScore : Math.floor(random() * (maxScore + 1));
      const slip = random() < 0.2 ? (random() < 0.5 ? -1 : 1) : 0;
      const base = { recordingId: `rec${r}`, stepId: `step${s}`, maxScore };
      rows.push({ ...base, rater: 'a', score });
      rows.push({ ...base, rater: 'b', score: Math.min(maxScore, Math.max(0, score + slip)) });
    }
  }
  return rows;
}

describe('bootstrap intervals', () => {
  const rows = syntheticRows(120, 10, 42);

  it('are reproducible with the same seed and differ with another', () => {
    const first = computeAgreement(rows, { a: 'a', b: 'b', bootstrap: 300, seed: 7 }).intervals;
    const again = computeAgreement(rows, { a: 'a', b: 'b', bootstrap: 300, seed: 7 }).intervals;
    const other = computeAgreement(rows, { a: 'a', b: 'b', bootstrap: 300, seed: 8 }).intervals;
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first?.seed).toBe(7);
  });

  it('keep the values a seed gave when they were first published (a saved report stays reproducible)', () => {
    // Pinned from the implementation before the bootstrap was rewritten for speed; exact equality,
    // so any change to the draws, the resampling order or the arithmetic shows up here.
    const keyed = rows.map((row) => ({ ...row, resampleKey: `hash-of-${row.recordingId}` }));
    expect(computeAgreement(keyed, { a: 'a', b: 'b', bootstrap: 400, seed: 3 }).intervals).toEqual({
      level: 0.95,
      resamples: 400,
      seed: 3,
      plcc: { low: 0.9561508272984646, high: 0.977994165521508, validResamples: 400 },
      srcc: { low: 0.9449133650735602, high: 0.9770358630227106, validResamples: 400 },
      qwk: { low: 0.8210699202544908, high: 0.8904097967059547, validResamples: 400 },
      mcc: { low: 0.7842423671693933, high: 0.8530007268532397, validResamples: 400 },
    });
    // Half points (ties among non-integer totals) and steps rater b left unscored (incomplete
    // recordings count in κ and MCC but not in the correlations).
    const uneven = rows
      .filter((row, i) => row.rater === 'a' || i % 97 !== 1)
      .map((row, i) => (row.rater === 'b' && row.score > 0 && i % 7 === 1 ? { ...row, score: row.score - 0.5 } : row));
    const result = computeAgreement(uneven, { a: 'a', b: 'b', bootstrap: 300, seed: 7 });
    expect(result.incompleteRecordings).toHaveLength(13);
    expect(result.intervals).toEqual({
      level: 0.95,
      resamples: 300,
      seed: 7,
      plcc: { low: 0.9547791804099218, high: 0.9772292648614278, validResamples: 300 },
      srcc: { low: 0.9410854498895714, high: 0.974498857827179, validResamples: 300 },
      qwk: { low: 0.7772576284649375, high: 0.8522812241459986, validResamples: 300 },
      mcc: { low: 0.6372553782881976, high: 0.7114526011565176, validResamples: 300 },
    });
  });

  it('bracket the point estimates', () => {
    const result = computeAgreement(rows, { a: 'a', b: 'b', bootstrap: 500, seed: 1 });
    const pairs = [
      [result.intervals!.plcc, result.overall.plcc.value],
      [result.intervals!.srcc, result.overall.srcc.value],
      [result.intervals!.qwk, result.step.qwk.value],
      [result.intervals!.mcc, result.binary.mcc.value],
    ] as const;
    for (const [interval, point] of pairs) {
      expect(interval.validResamples).toBe(500);
      expect(interval.low!).toBeLessThan(point!);
      expect(interval.high!).toBeGreaterThan(point!);
    }
  });

  it('with every recording drawn once, a resample reproduces the point estimates', () => {
    // Reversed input: the per-recording statistics must not depend on row order.
    const reversed = [...rows].reverse();
    const result = computeAgreement(reversed, { a: 'a', b: 'b' });
    const stats = recordingStatistics(reversed, { a: 'a', b: 'b' });
    expect(stats.count).toBe(120);
    const figures = new ResampleEvaluator(stats).evaluate(new Float64Array(stats.count).fill(1));
    expect(figures.plcc.value!).toBeCloseTo(result.overall.plcc.value!, 12);
    expect(figures.srcc.value!).toBeCloseTo(result.overall.srcc.value!, 12);
    expect(figures.qwk.value!).toBeCloseTo(result.step.qwk.value!, 12);
    expect(figures.mcc.value!).toBeCloseTo(result.binary.mcc.value!, 12);
  });

  it('weights count a recording several times, as duplicating its rows would', () => {
    const stats = recordingStatistics(rows, { a: 'a', b: 'b' });
    const weights = new Float64Array(stats.count);
    weights[0] = 3;
    for (let r = 1; r < 40; r++) weights[r] = 1;
    // Slots follow recording-id order (no resample keys given).
    const chosen = [...new Set(rows.map((row) => row.recordingId))].sort().slice(0, 40);
    const picked = rows.filter((row) => chosen.includes(row.recordingId));
    const copies = [1, 2].flatMap((k) =>
      picked.filter((row) => row.recordingId === chosen[0]).map((row) => ({ ...row, recordingId: `copy${k}` })),
    );
    const direct = computeAgreement([...picked, ...copies], { a: 'a', b: 'b' });
    const figures = new ResampleEvaluator(stats).evaluate(weights);
    expect(figures.plcc.value!).toBeCloseTo(direct.overall.plcc.value!, 12);
    expect(figures.srcc.value!).toBeCloseTo(direct.overall.srcc.value!, 12);
    expect(figures.qwk.value!).toBeCloseTo(direct.step.qwk.value!, 12);
    expect(figures.mcc.value!).toBeCloseTo(direct.binary.mcc.value!, 12);
  });

  it('a resample draws what mulberry32 draws, one recording per number, and continues its stream', () => {
    const stats = recordingStatistics(rows, { a: 'a', b: 'b' });
    const evaluator = new ResampleEvaluator(stats);
    const random = mulberry32(11);
    const drawWeights = () => {
      const weights = new Float64Array(stats.count);
      for (let i = 0; i < stats.count; i++) weights[Math.floor(random() * stats.count)]! += 1;
      return weights;
    };
    const first = evaluator.resample(11);
    expect(first.figures).toEqual(evaluator.evaluate(drawWeights()));
    const second = evaluator.resample(first.state);
    expect(second.figures).toEqual(evaluator.evaluate(drawWeights()));
    expect(second.figures).not.toEqual(first.figures);
  });

  it('recordings with very many steps give exactly the figures of the summed counts', () => {
    // Counts this large do not fit the evaluator's numeric keys for distinct values; its text keys must agree.
    const confusion = new Float64Array([
      ...[9000, 120, 0, 0, 300, 800, 40, 0, 0, 50, 700, 10, 0, 0, 30, 400],
      ...[12000, 0, 0, 0, 0, 20, 0, 0, 0, 0, 5, 0, 0, 0, 0, 1],
      ...[9000, 120, 0, 0, 300, 800, 40, 0, 0, 50, 700, 10, 0, 0, 30, 400],
    ]);
    const binary = new Float64Array([2350, 120, 300, 9000, 26, 0, 0, 12000, 2350, 120, 300, 9000]);
    const stats = {
      count: 3,
      confusion,
      binary,
      complete: new Uint8Array([1, 1, 0]),
      totalA: new Float64Array([25000.5, 30001, 0]),
      totalB: new Float64Array([24990, 30000, 0]),
    };
    const weights = [2, 1, 3];
    const summed = (table: Float64Array, width: number) =>
      Array.from({ length: width }, (_, j) => weights.reduce((sum, w, r) => sum + w * table[r * width + j]!, 0));
    const figures = new ResampleEvaluator(stats).evaluate(weights);
    const [tp, fp, fn, tn] = summed(binary, 4) as [number, number, number, number];
    expect(figures.qwk).toEqual(quadraticKappa(summed(confusion, 16)));
    expect(figures.mcc).toEqual(mcc({ tp, fp, fn, tn }));
    expect(figures.plcc).toEqual(weightedPearson([25000.5, 30001], [24990, 30000], [2, 1]));
  });

  it('give the same intervals for the same data in any row order and under any recording ids', () => {
    // Each recording's content hash orders the resampling, as the report does.
    const keyed = rows.map((row) => ({ ...row, resampleKey: `hash-of-${row.recordingId}` }));
    const opts = { a: 'a', b: 'b', bootstrap: 400, seed: 3 };
    const reference = computeAgreement(keyed, opts).intervals;
    expect(reference!.qwk.low).toEqual(expect.any(Number));
    const random = mulberry32(99);
    const shuffled = [...keyed];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(computeAgreement(shuffled, opts).intervals).toEqual(reference);
    // A merged copy of the database numbers the recordings differently; the hashes are the same.
    const renumbered = shuffled.map((row) => ({
      ...row,
      recordingId: `merged-${999 - Number(row.recordingId.slice(3))}`,
    }));
    expect(computeAgreement(renumbered, opts).intervals).toEqual(reference);
    // Without keys the ids order the recordings: renumbering them then changes the draws.
    const unkeyed = renumbered.map(({ resampleKey: _key, ...row }) => row);
    expect(computeAgreement(unkeyed, opts).intervals).not.toEqual(reference);
  });

  it('give the same intervals for a shuffled copy of the rows when no resample keys are given', () => {
    const opts = { a: 'a', b: 'b', bootstrap: 400, seed: 5 };
    const reference = computeAgreement(rows, opts).intervals;
    expect(reference!.plcc.low).toEqual(expect.any(Number));
    const random = mulberry32(2024);
    const shuffled = [...rows];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(computeAgreement(shuffled, opts).intervals).toEqual(reference);
    expect(computeAgreement([...rows].reverse(), opts).intervals).toEqual(reference);
  });

  it('are null with a reason when most resamples leave a figure undefined', () => {
    const constantB = rows.map((r) => (r.rater === 'b' ? { ...r, score: r.maxScore } : r));
    const result = computeAgreement(constantB, { a: 'a', b: 'b', bootstrap: 100, seed: 2 });
    expect(result.intervals!.plcc).toEqual({
      low: null,
      high: null,
      validResamples: 0,
      reason: 'only 0 of 100 resamples gave a defined value',
    });
  });

  it('3,000 recordings x 33 steps x 1,000 resamples run quickly', () => {
    const big = syntheticRows(3000, 33, 9);
    const t0 = performance.now();
    const point = computeAgreement(big, { a: 'a', b: 'b' });
    const t1 = performance.now();
    const withCi = computeAgreement(big, { a: 'a', b: 'b', bootstrap: 1000, seed: 5 });
    const t2 = performance.now();
    const bootstrapMs = t2 - t1 - (t1 - t0);
    console.log(
      `agreement on ${big.length} rows: ${(t1 - t0).toFixed(0)} ms without bootstrap, ` +
        `${(t2 - t1).toFixed(0)} ms with 1,000 resamples (bootstrap ~${bootstrapMs.toFixed(0)} ms)`,
    );
    expect(point.nRecordings).toBe(3000);
    expect(withCi.intervals!.qwk.validResamples).toBe(1000);
    expect(t2 - t1).toBeLessThan(5000);
  });
});
