/**
 * Agreement primitives. Pure functions: no I/O, never throw, never return NaN. A value that the
 * reference libraries leave undefined (SciPy nan, scikit-learn nan) comes back as
 * `{ value: null, reason }`; where scikit-learn substitutes a number (MCC 0, zero_division=0) the
 * number is returned together with the reason.
 */
import { SCORE_EPSILON } from './categories';

export type Metric = { value: number | null; reason?: string };

/** Names used in reasons, e.g. ["rater 'exp1' total", "rater 'gpt' total"]. */
export type PairNames = readonly [string, string];

const DEFAULT_NAMES: PairNames = ['rater a', 'rater b'];

function defined(value: number): Metric {
  return Number.isFinite(value) ? { value } : { value: null, reason: 'not a finite number' };
}

/** Equal within SCORE_EPSILON, relative for large magnitudes. */
function nearlyEqual(x: number, y: number): boolean {
  return Math.abs(x - y) <= SCORE_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
}

// ---------------------------------------------------------------------------------------------
// Correlations
// ---------------------------------------------------------------------------------------------

function isConstant(values: ArrayLike<number>, weights: ArrayLike<number> | null): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (weights && !(weights[i]! > 0)) continue;
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max === -Infinity || nearlyEqual(min, max);
}

/**
 * Pearson correlation; `weights` repeat observations (bootstrap multiplicities). Null, as SciPy's
 * nan or ValueError, when fewer than 2 observations or either side is constant.
 */
export function weightedPearson(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  names: PairNames = DEFAULT_NAMES,
): Metric {
  if (x.length !== y.length) return { value: null, reason: 'the two sides have different lengths' };
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (!(w > 0)) continue;
    n += w;
    sx += w * x[i]!;
    sy += w * y[i]!;
  }
  if (n < 2) return { value: null, reason: `fewer than 2 paired values (n = ${n})` };
  if (isConstant(x, weights)) return { value: null, reason: `${names[0]} is constant` };
  if (isConstant(y, weights)) return { value: null, reason: `${names[1]} is constant` };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (!(w > 0)) continue;
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += w * dx * dx;
    syy += w * dy * dy;
    sxy += w * dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return { value: null, reason: 'no variance' };
  const r = sxy / Math.sqrt(sxx * syy);
  return defined(Math.max(-1, Math.min(1, r)));
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, names?: PairNames): Metric {
  return weightedPearson(x, y, null, names);
}

/**
 * Indices sorted by value plus the end (exclusive) of each run of tied values; ties use the same
 * epsilon as score comparisons so float noise in sums of half points does not split a tie.
 */
export function sortedTieGroups(values: ArrayLike<number>): { order: Uint32Array; groupEnds: Uint32Array } {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((i, j) => values[i]! - values[j]!);
  const ends: number[] = [];
  for (let k = 1; k <= order.length; k++) {
    if (k === order.length || !nearlyEqual(values[order[k]!]!, values[order[k - 1]!]!)) ends.push(k);
  }
  return { order, groupEnds: Uint32Array.from(ends) };
}

/** 1-based ranks, tied values sharing the average of their ranks (SciPy rankdata "average"). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const { order, groupEnds } = sortedTieGroups(values);
  const ranks = new Float64Array(values.length);
  let start = 0;
  for (const end of groupEnds) {
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman correlation: Pearson on average ranks. Null when n < 2 or either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, names?: PairNames): Metric {
  if (x.length !== y.length) return { value: null, reason: 'the two sides have different lengths' };
  return pearson(averageRanks(x), averageRanks(y), names);
}

// ---------------------------------------------------------------------------------------------
// Ordinal step labels. A confusion is a flat row-major k x k count array, rows = rater a.
// ---------------------------------------------------------------------------------------------

export function confusionCounts(a: readonly number[], b: readonly number[], k = 4): number[] {
  const counts = new Array<number>(k * k).fill(0);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const row = a[i]!;
    const col = b[i]!;
    if (row >= 0 && row < k && col >= 0 && col < k) counts[row * k + col]! += 1;
  }
  return counts;
}

export function confusionRows(counts: ArrayLike<number>): number[][] {
  const k = Math.round(Math.sqrt(counts.length));
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) rows.push(Array.from({ length: k }, (_, j) => counts[i * k + j]!));
  return rows;
}

interface Margins {
  k: number;
  n: number;
  rows: Float64Array;
  cols: Float64Array;
}

function margins(counts: ArrayLike<number>): Margins {
  const k = Math.round(Math.sqrt(counts.length));
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      rows[i]! += c;
      cols[j]! += c;
      n += c;
    }
  }
  return { k, n, rows, cols };
}

const NO_PAIRS: Metric = { value: null, reason: 'no steps scored by both raters' };

/**
 * Quadratic weighted Cohen's kappa as scikit-learn's cohen_kappa_score(weights="quadratic",
 * labels=[0..k-1]): 1 - sum(w*O) / sum(w*E). Null where scikit-learn gives nan (0/0: both raters
 * put every step in the same single category).
 */
export function quadraticKappa(counts: ArrayLike<number>): Metric {
  const { k, n, rows, cols } = margins(counts);
  let observed = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) * (i - j);
      observed += w * counts[i * k + j]!;
    }
  }
  return quadraticKappaFromMargins(observed, rows, cols, n);
}

/**
 * Quadratic weighted kappa from all it depends on: the observed disagreement sum((i - j)^2 O_ij),
 * each rater's count per category and the number of pairs n. For whole-number counts these sums
 * are exact in any order, which lets the bootstrap add them up recording by recording and still
 * get exactly what quadraticKappa gives on the summed confusion.
 */
export function quadraticKappaFromMargins(
  observed: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  n: number,
): Metric {
  if (n <= 0) return NO_PAIRS;
  const k = rows.length;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) * (i - j);
      expected += (w * rows[i]! * cols[j]!) / n;
    }
  }
  if (!(expected > 0)) {
    let only = 0;
    while (only < k - 1 && !(rows[only]! > 0)) only++;
    return { value: null, reason: `both raters put every step in category ${only}` };
  }
  return defined(1 - observed / expected);
}

/** Share of paired steps whose categories are equal. */
export function exactAgreement(counts: ArrayLike<number>): Metric {
  return bandAgreement(counts, 0);
}

/** Share of paired steps whose categories differ by at most one. */
export function adjacentAgreement(counts: ArrayLike<number>): Metric {
  return bandAgreement(counts, 1);
}

function bandAgreement(counts: ArrayLike<number>, band: number): Metric {
  const { k, n } = margins(counts);
  if (n <= 0) return NO_PAIRS;
  let agree = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) if (Math.abs(i - j) <= band) agree += counts[i * k + j]!;
  }
  return defined(agree / n);
}

/**
 * Gwet's AC1, unweighted, over all k categories (k = 4, not only the observed ones):
 * pe = sum_q pi_q (1 - pi_q) / (k - 1), pi_q = mean of both raters' shares. pe <= 1/k, so AC1 is
 * defined whenever there is at least one pair.
 */
export function gwetAc1(counts: ArrayLike<number>): Metric {
  const { k, n, rows, cols } = margins(counts);
  if (n <= 0) return NO_PAIRS;
  let pa = 0;
  let pe = 0;
  for (let q = 0; q < k; q++) {
    pa += counts[q * k + q]! / n;
    const pi = (rows[q]! + cols[q]!) / (2 * n);
    pe += pi * (1 - pi);
  }
  pe /= k - 1;
  return defined((pa - pe) / (1 - pe));
}

/** Prevalence- and bias-adjusted kappa for k categories: (k * po - 1) / (k - 1). */
export function pabak(counts: ArrayLike<number>): Metric {
  const { k } = margins(counts);
  const po = exactAgreement(counts);
  if (po.value === null) return po;
  return defined((k * po.value - 1) / (k - 1));
}

// ---------------------------------------------------------------------------------------------
// Binary error detection. Positive = "step scored below its maximum"; rater a is the reference.
// ---------------------------------------------------------------------------------------------

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function binaryCounts(reference: readonly boolean[], other: readonly boolean[]): BinaryCounts {
  const c: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const n = Math.min(reference.length, other.length);
  for (let i = 0; i < n; i++) {
    if (reference[i]) {
      if (other[i]) c.tp++;
      else c.fn++;
    } else if (other[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

/** tp / (tp + fp); 0 when rater b marked no errors (scikit-learn zero_division=0). */
export function precision(c: BinaryCounts, names: PairNames = DEFAULT_NAMES): Metric {
  const d = c.tp + c.fp;
  return d > 0 ? defined(c.tp / d) : { value: 0, reason: `${names[1]} marked no errors` };
}

/** tp / (tp + fn); 0 when rater a marked no errors (scikit-learn zero_division=0). */
export function recall(c: BinaryCounts, names: PairNames = DEFAULT_NAMES): Metric {
  const d = c.tp + c.fn;
  return d > 0 ? defined(c.tp / d) : { value: 0, reason: `${names[0]} marked no errors` };
}

/** 2tp / (2tp + fp + fn); 0 when neither rater marked an error (zero_division=0). */
export function f1(c: BinaryCounts): Metric {
  const d = 2 * c.tp + c.fp + c.fn;
  return d > 0 ? defined((2 * c.tp) / d) : { value: 0, reason: 'neither rater marked an error' };
}

/**
 * Matthews correlation in scikit-learn's covariance form; 0 when undefined (a rater marked all
 * steps alike), as matthews_corrcoef does.
 */
export function mcc(c: BinaryCounts, names: PairNames = DEFAULT_NAMES): Metric {
  const n = c.tp + c.fp + c.fn + c.tn;
  const t0 = c.tn + c.fp;
  const t1 = c.fn + c.tp;
  const p0 = c.tn + c.fn;
  const p1 = c.fp + c.tp;
  const covTP = (c.tp + c.tn) * n - (t0 * p0 + t1 * p1);
  const covPP = n * n - (p0 * p0 + p1 * p1);
  const covTT = n * n - (t0 * t0 + t1 * t1);
  if (covPP * covTT === 0) {
    const reason =
      n === 0
        ? 'no steps scored by both raters'
        : `${covTT === 0 ? names[0] : names[1]} marked every step alike (all errors or none)`;
    return { value: 0, reason: `${reason}; reported as 0 as scikit-learn does` };
  }
  return defined(covTP / Math.sqrt(covTT * covPP));
}
