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

/**
 * The items as flat arrays: each item's recording slot, its confusion cell (reference category × 4
 * + rater category) and its binary slot (tp, fp, fn, tn) for A and for B. A resample only weights
 * items by their recording's multiplicity, so one pass over the items evaluates both raters.
 */
interface Flat {
  count: number;
  unit: Int32Array;
  cellA: Uint8Array;
  cellB: Uint8Array;
  slotA: Uint8Array;
  slotB: Uint8Array;
}

function binarySlot(reference: Judgement, rater: Judgement): number {
  if (reference.error) return rater.error ? 0 : 2;
  return rater.error ? 1 : 3;
}

function flatten(items: readonly PairedItem[], unitOf: Map<string, number>): Flat {
  const n = items.length;
  const flat: Flat = {
    count: n,
    unit: new Int32Array(n),
    cellA: new Uint8Array(n),
    cellB: new Uint8Array(n),
    slotA: new Uint8Array(n),
    slotB: new Uint8Array(n),
  };
  items.forEach((item, i) => {
    flat.unit[i] = unitOf.get(item.recording)!;
    flat.cellA[i] = item.reference.category * 4 + item.a.category;
    flat.cellB[i] = item.reference.category * 4 + item.b.category;
    flat.slotA[i] = binarySlot(item.reference, item.a);
    flat.slotB[i] = binarySlot(item.reference, item.b);
  });
  return flat;
}

/** Scratch buffers reused by every resample. */
const scratch = { a: new Float64Array(CELLS), b: new Float64Array(CELLS) };

/** Both figures for recording multiplicities `weights` (null: every recording once). */
function evaluate(flat: Flat, figure: PairedFigureName, weights: Float64Array | null): [Metric, Metric] {
  const qwk = figure === 'qwk';
  const a = scratch.a.fill(0);
  const b = scratch.b.fill(0);
  for (let i = 0; i < flat.count; i++) {
    const w = weights ? weights[flat.unit[i]!]! : 1;
    if (w === 0) continue;
    if (qwk) {
      a[flat.cellA[i]!]! += w;
      b[flat.cellB[i]!]! += w;
    } else {
      a[flat.slotA[i]!]! += w;
      b[flat.slotB[i]!]! += w;
    }
  }
  if (qwk) return [quadraticKappa(a), quadraticKappa(b)];
  return [mcc({ tp: a[0]!, fp: a[1]!, fn: a[2]!, tn: a[3]! }), mcc({ tp: b[0]!, fp: b[1]!, fn: b[2]!, tn: b[3]! })];
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
  const flat = flatten(items, unitOf);
  const [figureA, figureB] = evaluate(flat, figure, null);
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
    const [da, db] = evaluate(flat, figure, weights);
    if (da.value !== null && db.value !== null) draws[valid++] = db.value - da.value;
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
