/**
 * Percentile bootstrap over recordings. Each recording is reduced once to sufficient statistics
 * (its 4x4 confusion, its binary counts and both raters' totals), and those once more to a few
 * parts whose distinct values are few (ResampleEvaluator), so a resample draws recordings, counts
 * how often each distinct value was drawn and sums value x count: O(recordings) increments per
 * resample into one small array, no label row read, nothing allocated per draw.
 * Recordings are drawn by their position in the statistics, which compute.ts fixes by a stable key
 * (not row order), so the same data resamples the same way in any copy of the database.
 */
import { type Metric, mcc, quadraticKappaFromMargins, sortedTieGroups, weightedPearson } from './metrics';

export const DEFAULT_BOOTSTRAP_SEED = 1;
export const CONFUSION_CELLS = 16;
const CATEGORIES = 4;

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

/** mulberry32's state is a counter that advances by a constant; each output mixes the state. */
const nextState = (state: number): number => (state + 0x6d2b79f5) | 0;

/** mulberry32's number in [0, 1) for a state. */
function uniformAt(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** mulberry32: small, fast, seedable; the same seed always gives the same stream. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => uniformAt((state = nextState(state)));
}

/**
 * Each recording's figures in parts that few distinct values cover across recordings: rater a's
 * count per category, rater b's, the squared category disagreement sum((i - j)^2) over its
 * steps, the binary counts, and the slot of its pair of totals. 30,000 recordings of 33 steps
 * have a few hundred distinct values of each (the full confusions are mostly distinct, their
 * parts are not).
 */
const PART_A = 0;
const PART_B = 1;
const PART_DISAGREEMENT = 2;
const PART_BINARY = 3;
const PART_TOTALS = 4;
const PARTS = 5;

/**
 * Equal rows of a table of whole numbers, `width` per row: each row's group and each group's row
 * once, groups numbered in order of first appearance. A row is keyed by its digits in base
 * (largest value + 1) when that number is exact, else by its text.
 */
function distinctRows(
  table: Float64Array,
  width: number,
): { groupOf: Int32Array; distinct: number; values: Float64Array } {
  const count = table.length / width;
  let largest = 0;
  let whole = true;
  for (let i = 0; i < table.length; i++) {
    const v = table[i]!;
    if (v > largest) largest = v;
    if (!Number.isInteger(v) || v < 0) whole = false;
  }
  const base = largest + 1;
  const numeric = whole && base ** width <= Number.MAX_SAFE_INTEGER;
  const keyOf = (r: number): number | string => {
    if (!numeric) return table.subarray(r * width, (r + 1) * width).join(',');
    let key = 0;
    for (let j = 0; j < width; j++) key = key * base + table[r * width + j]!;
    return key;
  };
  const groupOf = new Int32Array(count);
  const groups = new Map<number | string, number>();
  const values: number[] = [];
  for (let r = 0; r < count; r++) {
    const key = keyOf(r);
    let group = groups.get(key);
    if (group === undefined) {
      group = groups.size;
      groups.set(key, group);
      for (let j = 0; j < width; j++) values.push(table[r * width + j]!);
    }
    groupOf[r] = group;
  }
  return { groupOf, distinct: groups.size, values: Float64Array.from(values) };
}

/**
 * Evaluates the four figures for a resample of recordings. A resample only counts how often it
 * drew each distinct value of each part (one increment per part per draw, into one array of a
 * few thousand), then sums distinct value x count: no label row is read and nothing is allocated
 * per draw. The correlations run over the distinct pairs of totals. Every part is a whole number
 * and every count is one, so the sums are exact and equal, bit for bit, those of the summed
 * confusion and binary counts; quadratic kappa is taken from the margins and the disagreement sum
 * (quadraticKappaFromMargins), which is all it depends on.
 */
export class ResampleEvaluator {
  readonly count: number;
  /** Recording r's PARTS counters, as indices into `drawn`, at r * PARTS (in PART_* order). */
  private readonly counterOf: Int32Array;
  /** How often the current resample drew each distinct value of each part, parts one after another. */
  private readonly drawn: Float64Array;
  private readonly drawnA: Float64Array;
  private readonly drawnB: Float64Array;
  private readonly drawnDisagreement: Float64Array;
  private readonly drawnBinary: Float64Array;
  /** Multiplicity of each distinct pair of totals, plus one slot for incomplete recordings. */
  private readonly w: Float64Array;
  private readonly categoriesA: Float64Array;
  private readonly categoriesB: Float64Array;
  private readonly disagreement: Float64Array;
  private readonly binary: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly tiesA: { order: Uint32Array; groupEnds: Uint32Array };
  private readonly tiesB: { order: Uint32Array; groupEnds: Uint32Array };
  private readonly ranksA: Float64Array;
  private readonly ranksB: Float64Array;
  private readonly marginA = new Float64Array(CATEGORIES);
  private readonly marginB = new Float64Array(CATEGORIES);

  constructor(stats: RecordingStats) {
    this.count = stats.count;
    const a = new Float64Array(stats.count * CATEGORIES);
    const b = new Float64Array(stats.count * CATEGORIES);
    const disagreement = new Float64Array(stats.count);
    for (let r = 0; r < stats.count; r++) {
      for (let i = 0; i < CATEGORIES; i++) {
        for (let j = 0; j < CATEGORIES; j++) {
          const c = stats.confusion[r * CONFUSION_CELLS + i * CATEGORIES + j]!;
          a[r * CATEGORIES + i]! += c;
          b[r * CATEGORIES + j]! += c;
          disagreement[r]! += (i - j) * (i - j) * c;
        }
      }
    }
    const parts = [
      distinctRows(a, CATEGORIES),
      distinctRows(b, CATEGORIES),
      distinctRows(disagreement, 1),
      distinctRows(stats.binary, 4),
      distinctTotals(stats),
    ] as const;
    this.categoriesA = parts[PART_A].values;
    this.categoriesB = parts[PART_B].values;
    this.disagreement = parts[PART_DISAGREEMENT].values;
    this.binary = parts[PART_BINARY].values;
    const totals = parts[PART_TOTALS];
    this.xs = totals.xs;
    this.ys = totals.ys;
    this.tiesA = sortedTieGroups(this.xs);
    this.tiesB = sortedTieGroups(this.ys);
    this.ranksA = new Float64Array(this.xs.length);
    this.ranksB = new Float64Array(this.xs.length);

    // All counters in one array: the draw loop then touches one array besides counterOf.
    const sizes = parts.map((p) => p.distinct);
    const starts = sizes.map((_, p) => sizes.slice(0, p).reduce((x, y) => x + y, 0));
    this.drawn = new Float64Array(sizes.reduce((x, y) => x + y, 0));
    const counters = (p: number) => this.drawn.subarray(starts[p], starts[p]! + sizes[p]!);
    this.drawnA = counters(PART_A);
    this.drawnB = counters(PART_B);
    this.drawnDisagreement = counters(PART_DISAGREEMENT);
    this.drawnBinary = counters(PART_BINARY);
    this.w = counters(PART_TOTALS);
    this.counterOf = new Int32Array(stats.count * PARTS);
    for (let r = 0; r < stats.count; r++) {
      for (let p = 0; p < PARTS; p++) this.counterOf[r * PARTS + p] = starts[p]! + parts[p]!.groupOf[r]!;
    }
  }

  /** The figures when recording r is counted `weights[r]` times (whole numbers, length count). */
  evaluate(weights: ArrayLike<number>): ResampleFigures {
    const { counterOf, drawn } = this;
    drawn.fill(0);
    for (let r = 0; r < this.count; r++) {
      const c = weights[r]!;
      if (c === 0) continue;
      for (let p = 0; p < PARTS; p++) drawn[counterOf[r * PARTS + p]!]! += c;
    }
    return this.figures();
  }

  /**
   * Draws `count` recordings with replacement, recording floor(u * count) for each number u of the
   * mulberry32 stream after `state`, and returns the figures of that resample with the state
   * after the last draw: the same draws, in the same order, as calling mulberry32 once per draw.
   */
  resample(state: number): { state: number; figures: ResampleFigures } {
    const { counterOf, drawn, count } = this;
    drawn.fill(0);
    for (let i = 0; i < count; i++) {
      state = nextState(state);
      const at = Math.floor(uniformAt(state) * count) * PARTS;
      drawn[counterOf[at]!]!++;
      drawn[counterOf[at + 1]!]!++;
      drawn[counterOf[at + 2]!]!++;
      drawn[counterOf[at + 3]!]!++;
      drawn[counterOf[at + 4]!]!++;
    }
    return { state, figures: this.figures() };
  }

  private figures(): ResampleFigures {
    const { w } = this;
    const marginA = sumRows(this.drawnA, this.categoriesA, CATEGORIES, this.marginA);
    const marginB = sumRows(this.drawnB, this.categoriesB, CATEGORIES, this.marginB);
    let observed = 0;
    for (let g = 0; g < this.drawnDisagreement.length; g++) {
      observed += this.drawnDisagreement[g]! * this.disagreement[g]!;
    }
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    for (let g = 0; g < this.drawnBinary.length; g++) {
      const c = this.drawnBinary[g]!;
      if (c === 0) continue;
      tp += c * this.binary[g * 4]!;
      fp += c * this.binary[g * 4 + 1]!;
      fn += c * this.binary[g * 4 + 2]!;
      tn += c * this.binary[g * 4 + 3]!;
    }
    let n = 0;
    for (let i = 0; i < CATEGORIES; i++) n += marginA[i]!;
    weightedRanks(this.tiesA, w, this.ranksA);
    weightedRanks(this.tiesB, w, this.ranksB);
    return {
      plcc: weightedPearson(this.xs, this.ys, w),
      srcc: weightedPearson(this.ranksA, this.ranksB, w),
      qwk: quadraticKappaFromMargins(observed, marginA, marginB, n),
      mcc: mcc({ tp, fp, fn, tn }),
    };
  }
}

/**
 * Complete recordings with the same pair of totals share one slot; incomplete ones (not in
 * PLCC/SRCC) all share one extra slot past the end, which the correlations never read.
 */
function distinctTotals(stats: RecordingStats): {
  groupOf: Int32Array;
  distinct: number;
  xs: Float64Array;
  ys: Float64Array;
} {
  const groupOf = new Int32Array(stats.count);
  const slots = new Map<number, Map<number, number>>();
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < stats.count; r++) {
    if (!stats.complete[r]) continue;
    const x = stats.totalA[r]!;
    const y = stats.totalB[r]!;
    let byY = slots.get(x);
    if (byY === undefined) slots.set(x, (byY = new Map()));
    let slot = byY.get(y);
    if (slot === undefined) {
      slot = xs.length;
      byY.set(y, slot);
      xs.push(x);
      ys.push(y);
    }
    groupOf[r] = slot;
  }
  for (let r = 0; r < stats.count; r++) if (!stats.complete[r]) groupOf[r] = xs.length;
  return { groupOf, distinct: xs.length + 1, xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

/** out = sum over groups of drawn[g] x row g of values (`width` per row). */
function sumRows(drawn: Float64Array, values: Float64Array, width: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let g = 0; g < drawn.length; g++) {
    const c = drawn[g]!;
    if (c === 0) continue;
    for (let j = 0; j < width; j++) out[j]! += c * values[g * width + j]!;
  }
  return out;
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
  const evaluator = new ResampleEvaluator(stats);
  let state = seed >>> 0;
  for (let s = 0; s < resamples; s++) {
    const next = evaluator.resample(state);
    state = next.state;
    const figures = next.figures;
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
