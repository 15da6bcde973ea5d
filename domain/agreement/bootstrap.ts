/**
 * Percentile bootstrap over recordings. Each recording is reduced once to sufficient statistics
 * (its 4x4 confusion, its binary counts and both raters' totals), so a resample only draws
 * multiplicities and sums typed arrays: O(recordings) per resample, no re-scan of label rows.
 * Recordings are drawn by their position in the statistics, which compute.ts fixes by a stable key
 * (not row order), so the same data resamples the same way in any copy of the database.
 */
import { type Metric, mcc, quadraticKappa, sortedTieGroups, weightedPearson } from './metrics';

export const DEFAULT_BOOTSTRAP_SEED = 1;
export const CONFUSION_CELLS = 16;

/** Per-recording sufficient statistics, struct-of-arrays, one slot per recording with a pair. */
export interface RecordingStats {
  count: number;
  /** count x 16 confusion counts, row-major, rows = rater a. */
  confusion: Float64Array;
  /** count x 4: tp, fp, fn, tn. */
  binary: Float64Array;
  /** 1 when both raters scored the same set of steps (the recording enters PLCC/SRCC). */
  complete: Uint8Array;
  totalA: Float64Array;
  totalB: Float64Array;
}

export interface ConfidenceInterval {
  low: number | null;
  high: number | null;
  /** Resamples in which the figure was defined; the percentiles use only these. */
  validResamples: number;
  reason?: string;
}

export interface AgreementIntervals {
  level: number;
  resamples: number;
  seed: number;
  plcc: ConfidenceInterval;
  srcc: ConfidenceInterval;
  qwk: ConfidenceInterval;
  mcc: ConfidenceInterval;
}

export interface ResampleFigures {
  plcc: Metric;
  srcc: Metric;
  qwk: Metric;
  mcc: Metric;
}

/** mulberry32: small, fast, seedable; the same seed always gives the same stream. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Evaluates the four figures for recording multiplicities `weights` (length stats.count). Built
 * once per dataset: each recording's confusion is kept as its non-zero cells only (a recording's
 * steps fall in a handful of the 16), and complete recordings with the same pair of totals share
 * one slot, so the correlations of a resample run over the distinct totals (hundreds) instead of
 * every recording (tens of thousands). Reused scratch buffers keep the loop allocation-free apart
 * from the small result objects; memory is a few typed arrays the size of the dataset.
 */
export class ResampleEvaluator {
  /** Non-zero confusion cells of recording r: cellAt/countAt[cellStart[r] .. cellStart[r + 1]). */
  private readonly cellStart: Uint32Array;
  private readonly cellAt: Uint8Array;
  private readonly countAt: Float64Array;
  /** Slot of recording r's totals, -1 when the recording is incomplete (not in PLCC/SRCC). */
  private readonly slotOf: Int32Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly tiesA: { order: Uint32Array; groupEnds: Uint32Array };
  private readonly tiesB: { order: Uint32Array; groupEnds: Uint32Array };
  private readonly w: Float64Array;
  private readonly ranksA: Float64Array;
  private readonly ranksB: Float64Array;
  private readonly confusion = new Float64Array(CONFUSION_CELLS);

  constructor(private readonly stats: RecordingStats) {
    let nonZero = 0;
    for (let i = 0; i < stats.count * CONFUSION_CELLS; i++) if (stats.confusion[i] !== 0) nonZero++;
    this.cellStart = new Uint32Array(stats.count + 1);
    this.cellAt = new Uint8Array(nonZero);
    this.countAt = new Float64Array(nonZero);
    let k = 0;
    for (let r = 0; r < stats.count; r++) {
      this.cellStart[r] = k;
      for (let j = 0; j < CONFUSION_CELLS; j++) {
        const c = stats.confusion[r * CONFUSION_CELLS + j]!;
        if (c === 0) continue;
        this.cellAt[k] = j;
        this.countAt[k++] = c;
      }
    }
    this.cellStart[stats.count] = k;

    this.slotOf = new Int32Array(stats.count).fill(-1);
    const slots = new Map<string, number>();
    const xs: number[] = [];
    const ys: number[] = [];
    for (let r = 0; r < stats.count; r++) {
      if (!stats.complete[r]) continue;
      const key = `${stats.totalA[r]!},${stats.totalB[r]!}`;
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = xs.length;
        slots.set(key, slot);
        xs.push(stats.totalA[r]!);
        ys.push(stats.totalB[r]!);
      }
      this.slotOf[r] = slot;
    }
    this.xs = Float64Array.from(xs);
    this.ys = Float64Array.from(ys);
    this.tiesA = sortedTieGroups(this.xs);
    this.tiesB = sortedTieGroups(this.ys);
    this.w = new Float64Array(xs.length);
    this.ranksA = new Float64Array(xs.length);
    this.ranksB = new Float64Array(xs.length);
  }

  evaluate(weights: ArrayLike<number>): ResampleFigures {
    const { stats, confusion, w, cellStart, cellAt, countAt, slotOf } = this;
    confusion.fill(0);
    w.fill(0);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    for (let r = 0; r < stats.count; r++) {
      const c = weights[r]!;
      if (c === 0) continue;
      for (let k = cellStart[r]!; k < cellStart[r + 1]!; k++) confusion[cellAt[k]!]! += c * countAt[k]!;
      const b = r * 4;
      tp += c * stats.binary[b]!;
      fp += c * stats.binary[b + 1]!;
      fn += c * stats.binary[b + 2]!;
      tn += c * stats.binary[b + 3]!;
      const slot = slotOf[r]!;
      if (slot >= 0) w[slot]! += c;
    }
    weightedRanks(this.tiesA, w, this.ranksA);
    weightedRanks(this.tiesB, w, this.ranksB);
    return {
      plcc: weightedPearson(this.xs, this.ys, w),
      srcc: weightedPearson(this.ranksA, this.ranksB, w),
      qwk: quadraticKappa(confusion),
      mcc: mcc({ tp, fp, fn, tn }),
    };
  }
}

/** Average ranks when observation i appears w[i] times (entries with w = 0 get unused ranks). */
function weightedRanks(ties: { order: Uint32Array; groupEnds: Uint32Array }, w: Float64Array, out: Float64Array): void {
  let start = 0;
  let before = 0;
  for (let g = 0; g < ties.groupEnds.length; g++) {
    const end = ties.groupEnds[g]!;
    let inGroup = 0;
    for (let k = start; k < end; k++) inGroup += w[ties.order[k]!]!;
    const rank = before + (inGroup + 1) / 2;
    for (let k = start; k < end; k++) out[ties.order[k]!] = rank;
    before += inGroup;
    start = end;
  }
}

/** Linear-interpolated quantile of sorted values (NumPy's default "linear" method). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function percentileInterval(values: Float64Array, valid: number, resamples: number, level: number): ConfidenceInterval {
  // A percentile interval built from a minority of resamples would describe a different population.
  if (valid * 2 < resamples || valid === 0) {
    return {
      low: null,
      high: null,
      validResamples: valid,
      reason: `only ${valid} of ${resamples} resamples gave a defined value`,
    };
  }
  const sorted = values.slice(0, valid).sort();
  const tail = (1 - level) / 2;
  return { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail), validResamples: valid };
}

/** Resamples recordings with replacement `resamples` times; percentile interval at `level`. */
export function bootstrapIntervals(
  stats: RecordingStats,
  resamples: number,
  seed: number = DEFAULT_BOOTSTRAP_SEED,
  level = 0.95,
): AgreementIntervals {
  const names = ['plcc', 'srcc', 'qwk', 'mcc'] as const;
  const draws = new Float64Array(resamples * names.length);
  const valid = [0, 0, 0, 0];
  const result = { level, resamples, seed } as AgreementIntervals;
  if (stats.count === 0) {
    const none: ConfidenceInterval = {
      low: null,
      high: null,
      validResamples: 0,
      reason: 'no recordings with steps scored by both raters',
    };
    for (const name of names) result[name] = none;
    return result;
  }
  const random = mulberry32(seed);
  const evaluator = new ResampleEvaluator(stats);
  const weights = new Float64Array(stats.count);
  for (let s = 0; s < resamples; s++) {
    weights.fill(0);
    for (let i = 0; i < stats.count; i++) weights[Math.floor(random() * stats.count)]! += 1;
    const figures = evaluator.evaluate(weights);
    names.forEach((name, m) => {
      const v = figures[name].value;
      if (v !== null) draws[m * resamples + valid[m]!++] = v;
    });
  }
  names.forEach((name, m) => {
    const slice = draws.subarray(m * resamples, (m + 1) * resamples);
    result[name] = percentileInterval(slice, valid[m]!, resamples, level);
  });
  return result;
}
