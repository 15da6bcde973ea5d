/**
 * Paired comparison of two raters (A and B, e.g. one model on full videos and on step clips)
 * against the same reference on the same items: the difference B − A of an agreement figure, and
 * a paired percentile bootstrap interval for it. Paired means each resample draws recordings once
 * and evaluates both raters on that same draw, so what the two share (which recordings happened to
 * be hard) cancels out of the difference instead of widening its interval.
 */
import { type ConfidenceInterval, DEFAULT_BOOTSTRAP_SEED, mulberry32 } from './bootstrap';
import type { Category } from './categories';
import { type Metric, mcc, quadraticKappa } from './metrics';

/** quadratic κ on the four ordinal categories, or MCC on correct/error. */
export type PairedFigureName = 'qwk' | 'mcc';

/** One judgement of a step: its ordinal category and whether it is an error (below full marks). */
export interface Judgement {
  category: Category;
  error: boolean;
}

/** One (recording, step) item judged by the reference and by both compared raters. */
export interface PairedItem {
  recording: string;
  reference: Judgement;
  a: Judgement;
  b: Judgement;
}

export interface PairedOptions {
  /** Resamples of recordings; 0 gives the point estimates without an interval. */
  resamples: number;
  seed?: number;
  level?: number;
}

export interface PairedResult {
  nRecordings: number;
  nItems: number;
  a: Metric;
  b: Metric;
  /** b − a; undefined when either figure is. */
  difference: Metric;
  /** Percentile interval of b − a over resamples where both were defined; null without resamples. */
  interval: ConfidenceInterval | null;
}

const CELLS = 16;

/** Per-recording counts of one rater against the reference: 16 confusion cells and tp, fp, fn, tn. */
interface Counts {
  confusion: Float64Array;
  binary: Float64Array;
}

function countsOf(units: number): Counts {
  return { confusion: new Float64Array(units * CELLS), binary: new Float64Array(units * 4) };
}

function add(c: Counts, unit: number, reference: Judgement, rater: Judgement): void {
  c.confusion[unit * CELLS + reference.category * 4 + rater.category]! += 1;
  const slot = reference.error ? (rater.error ? 0 : 2) : rater.error ? 1 : 3;
  c.binary[unit * 4 + slot]! += 1;
}

/** The figure for recording multiplicities `weights` (null weights: every recording once). */
function evaluate(c: Counts, units: number, figure: PairedFigureName, weights: Float64Array | null): Metric {
  if (figure === 'qwk') {
    const confusion = new Float64Array(CELLS);
    for (let u = 0; u < units; u++) {
      const w = weights ? weights[u]! : 1;
      if (w === 0) continue;
      for (let j = 0; j < CELLS; j++) confusion[j]! += w * c.confusion[u * CELLS + j]!;
    }
    return quadraticKappa(confusion);
  }
  const sums = [0, 0, 0, 0];
  for (let u = 0; u < units; u++) {
    const w = weights ? weights[u]! : 1;
    if (w === 0) continue;
    for (let j = 0; j < 4; j++) sums[j]! += w * c.binary[u * 4 + j]!;
  }
  return mcc({ tp: sums[0]!, fp: sums[1]!, fn: sums[2]!, tn: sums[3]! });
}

/** Linear-interpolated quantile of sorted values (NumPy's default), as the single-rater bootstrap uses. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function difference(a: Metric, b: Metric): Metric {
  if (a.value === null || b.value === null)
    return {
      value: null,
      reason: a.value === null ? `A: ${a.reason ?? 'undefined'}` : `B: ${b.reason ?? 'undefined'}`,
    };
  return { value: b.value - a.value };
}

export function pairedDifference(
  items: readonly PairedItem[],
  figure: PairedFigureName,
  opts: PairedOptions,
): PairedResult {
  const recordings = [...new Set(items.map((i) => i.recording))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const unitOf = new Map(recordings.map((r, i) => [r, i]));
  const units = recordings.length;
  const a = countsOf(units);
  const b = countsOf(units);
  for (const item of items) {
    const u = unitOf.get(item.recording)!;
    add(a, u, item.reference, item.a);
    add(b, u, item.reference, item.b);
  }
  const figureA = evaluate(a, units, figure, null);
  const figureB = evaluate(b, units, figure, null);
  const result: PairedResult = {
    nRecordings: units,
    nItems: items.length,
    a: figureA,
    b: figureB,
    difference: difference(figureA, figureB),
    interval: null,
  };
  const resamples = opts.resamples;
  if (!(resamples > 0)) return result;
  if (units === 0) {
    result.interval = { low: null, high: null, validResamples: 0, reason: 'no items judged by both' };
    return result;
  }
  const random = mulberry32(opts.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const weights = new Float64Array(units);
  const draws = new Float64Array(resamples);
  let valid = 0;
  for (let s = 0; s < resamples; s++) {
    weights.fill(0);
    for (let i = 0; i < units; i++) weights[Math.floor(random() * units)]! += 1;
    const da = evaluate(a, units, figure, weights).value;
    const db = evaluate(b, units, figure, weights).value;
    if (da !== null && db !== null) draws[valid++] = db - da;
  }
  // A percentile interval from a minority of resamples would describe a different population.
  if (valid === 0 || valid * 2 < resamples) {
    result.interval = {
      low: null,
      high: null,
      validResamples: valid,
      reason: `only ${valid} of ${resamples} resamples gave both figures`,
    };
    return result;
  }
  const sorted = draws.slice(0, valid).sort();
  const tail = (1 - (opts.level ?? 0.95)) / 2;
  result.interval = { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail), validResamples: valid };
  return result;
}
