/**
 * Rater-vs-rater agreement following the SiMing-Bench protocol (section 3.3, appendix E):
 * overall PLCC/SRCC on recording totals, quadratic weighted kappa on ordinal step labels, and
 * binary error detection (positive = step scored below its maximum). Rater a is the reference.
 */
import {
  type AgreementIntervals,
  type RecordingStats,
  CONFUSION_CELLS,
  DEFAULT_BOOTSTRAP_SEED,
  bootstrapIntervals,
} from './bootstrap';
import type { Category } from './categories';
import {
  AgreementInputError,
  compareText,
  indexLabels,
  type LabelColumns,
  type LabelIndex,
  type RaterLabels,
} from './label-index';
import {
  type BinaryCounts,
  type Metric,
  type PairNames,
  adjacentAgreement,
  confusionRows,
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

export interface LabelRow {
  recordingId: string;
  stepId: string;
  maxScore: number;
  rater: string;
  score: number;
  station?: string;
  /**
   * Orders recordings for the bootstrap (e.g. the recording's content hash). Recordings are
   * resampled in this order, then by id, so the same data gives the same intervals in any copy of
   * the database (a bundle merge numbers recordings differently) and in any row order.
   */
  resampleKey?: string;
}

export type CategoryOf = (row: LabelRow) => Category;

export interface AgreementOptions {
  /** Reference rater. */
  a: string;
  b: string;
  /** Bootstrap resamples for 95% intervals; 0 or absent skips them. */
  bootstrap?: number;
  seed?: number;
  categoryOf?: CategoryOf;
}

export interface StepAgreement {
  /** 4x4 counts, rows = rater a's category, columns = rater b's. */
  confusion: number[][];
  qwk: Metric;
  exact: Metric;
  adjacent: Metric;
  /** Gwet's AC1, unweighted, over the 4 categories. */
  ac1: Metric;
  /** PABAK for 4 categories: (4 po - 1) / 3. */
  pabak: Metric;
}

export interface BinaryAgreement extends BinaryCounts {
  precision: Metric;
  recall: Metric;
  f1: Metric;
  mcc: Metric;
}

export interface StepBreakdown {
  stepId: string;
  nSteps: number;
  step: StepAgreement;
  binary: BinaryAgreement;
}

/** The figures computed for any set of rows: all of them, or one station's. */
export interface AgreementFigures {
  nRecordings: number;
  nSteps: number;
  overall: { plcc: Metric; srcc: Metric };
  step: StepAgreement;
  binary: BinaryAgreement;
  incompleteRecordings: string[];
}

export interface StationBreakdown extends AgreementFigures {
  station: string;
}

export interface AgreementResult extends AgreementFigures {
  raters: { a: string; b: string };
  intervals?: AgreementIntervals;
  perStep: StepBreakdown[];
  /** Present when any row names a station; rows without one are left out of this breakdown. */
  perStation?: StationBreakdown[];
}

export { AgreementInputError };

interface Analysis {
  nRecordings: number;
  nSteps: number;
  overall: { plcc: Metric; srcc: Metric };
  step: StepAgreement;
  binary: BinaryAgreement;
  incompleteRecordings: string[];
  stats: RecordingStats;
  /** Per step (index into LabelIndex.stepIds): 16 confusion cells then tp, fp, fn, tn; 20 numbers each. */
  byStep: Float64Array;
}

/** Step and station names read better in natural order: s2 before s10. */
const compareNatural = (x: string, y: string): number =>
  x.localeCompare(y, 'en', { numeric: true }) || compareText(x, y);

const STEP_SLOTS = CONFUSION_CELLS + 4;

export function computeAgreement(rows: readonly LabelRow[], opts: AgreementOptions): AgreementResult {
  const { a, b } = opts;
  if (a === b) throw new AgreementInputError(`raters a and b are both '${a}'; name two different raters`);
  const resamples = opts.bootstrap ?? 0;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new AgreementInputError(`bootstrap must be a whole number of resamples, got ${resamples}`);
  }
  const seed = opts.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (!Number.isInteger(seed)) throw new AgreementInputError(`seed must be a whole number, got ${seed}`);

  const index = indexLabels(rows, { a, b }, opts.categoryOf);
  const all = analyse(index, -1, [a, b]);
  const result: AgreementResult = {
    raters: { a, b },
    nRecordings: all.nRecordings,
    nSteps: all.nSteps,
    overall: all.overall,
    step: all.step,
    binary: all.binary,
    incompleteRecordings: all.incompleteRecordings,
    perStep: perStep(index, all.byStep, [a, b]),
  };
  if (resamples > 0) result.intervals = bootstrapIntervals(all.stats, resamples, seed);

  const stations = index.stationIds.map((name, i) => ({ name, i })).sort((x, y) => compareNatural(x.name, y.name));
  if (stations.length > 0) {
    result.perStation = stations.map(({ name, i }) => {
      const s = analyse(index, i, [a, b]);
      return {
        station: name,
        nRecordings: s.nRecordings,
        nSteps: s.nSteps,
        overall: s.overall,
        step: s.step,
        binary: s.binary,
        incompleteRecordings: s.incompleteRecordings,
      };
    });
  }
  return result;
}

/**
 * Per-recording sufficient statistics behind the bootstrap (one slot per recording with at least
 * one step scored by both raters, in resampling order).
 */
export function recordingStatistics(
  rows: readonly LabelRow[],
  opts: Pick<AgreementOptions, 'a' | 'b' | 'categoryOf'>,
): RecordingStats {
  return analyse(indexLabels(rows, { a: opts.a, b: opts.b }, opts.categoryOf), -1, [opts.a, opts.b]).stats;
}

/** How many of recording r's labels belong to the station (-1: all). */
function countIn(l: RaterLabels, c: LabelColumns, r: number, station: number): number {
  if (station < 0 || !c.station) return l.starts[r + 1]! - l.starts[r]!;
  let n = 0;
  for (let x = l.starts[r]!; x < l.starts[r + 1]!; x++) if (c.station[l.order[x]!] === station) n++;
  return n;
}

/** Index into tp, fp, fn, tn. */
const binarySlot = (errorA: number, errorB: number) => (errorA ? (errorB ? 0 : 2) : errorB ? 1 : 3);

/**
 * The figures over the steps both raters scored, recording by recording: one merge of the two
 * sorted label lists, counting into typed arrays (no object per step pair).
 */
function analyse(index: LabelIndex, station: number, raters: PairNames): Analysis {
  const { a: A, b: B, columns: c } = index;
  const nRec = index.recordingIds.length;
  const incompleteRecordings: string[] = [];
  const byStep = new Float64Array(index.stepIds.length * STEP_SLOTS);
  const overallCounts = new Float64Array(CONFUSION_CELLS);
  const overallBinary = [0, 0, 0, 0];
  // One slot per recording at most; trimmed to the units found.
  const confusion = new Float64Array(nRec * CONFUSION_CELLS);
  const binary = new Float64Array(nRec * 4);
  const complete = new Uint8Array(nRec);
  const totalA = new Float64Array(nRec);
  const totalB = new Float64Array(nRec);
  let units = 0;
  let nSteps = 0;
  const other = (i: number) => station >= 0 && c.station !== null && c.station[i] !== station;
  for (let r = 0; r < nRec; r++) {
    const sizeA = countIn(A, c, r, station);
    const sizeB = countIn(B, c, r, station);
    if (sizeA === 0 && sizeB === 0) continue;
    const u = units;
    let shared = 0;
    let sumA = 0;
    let sumB = 0;
    let x = A.starts[r]!;
    let y = B.starts[r]!;
    const endA = A.starts[r + 1]!;
    const endB = B.starts[r + 1]!;
    while (x < endA && y < endB) {
      const i = A.order[x]!;
      const j = B.order[y]!;
      if (other(i)) {
        x++;
        continue;
      }
      if (other(j)) {
        y++;
        continue;
      }
      const cmp = index.stepRank[c.step[i]!]! - index.stepRank[c.step[j]!]!;
      if (cmp < 0) x++;
      else if (cmp > 0) y++;
      else {
        shared++;
        sumA += c.score[i]!;
        sumB += c.score[j]!;
        const fa = c.flags[i]!;
        const fb = c.flags[j]!;
        const cell = (fa & 3) * 4 + (fb & 3);
        const slot = binarySlot(fa & 4, fb & 4);
        confusion[u * CONFUSION_CELLS + cell]! += 1;
        binary[u * 4 + slot]! += 1;
        overallCounts[cell]! += 1;
        overallBinary[slot]! += 1;
        const s = c.step[i]! * STEP_SLOTS;
        byStep[s + cell]! += 1;
        byStep[s + CONFUSION_CELLS + slot]! += 1;
        x++;
        y++;
      }
    }
    nSteps += shared;
    const isComplete = sizeA > 0 && sizeB > 0 && shared === sizeA && shared === sizeB;
    if (!isComplete) incompleteRecordings.push(index.recordingIds[r]!);
    if (shared > 0) {
      complete[u] = isComplete ? 1 : 0;
      totalA[u] = sumA;
      totalB[u] = sumB;
      units++;
    }
  }
  const stats: RecordingStats = {
    count: units,
    confusion: confusion.slice(0, units * CONFUSION_CELLS),
    binary: binary.slice(0, units * 4),
    complete: complete.slice(0, units),
    totalA: totalA.slice(0, units),
    totalB: totalB.slice(0, units),
  };
  const totalsA: number[] = [];
  const totalsB: number[] = [];
  for (let u = 0; u < units; u++) {
    if (!stats.complete[u]) continue;
    totalsA.push(stats.totalA[u]!);
    totalsB.push(stats.totalB[u]!);
  }
  const totalNames: PairNames = [`rater '${raters[0]}' total`, `rater '${raters[1]}' total`];
  return {
    nRecordings: totalsA.length,
    nSteps,
    overall: { plcc: pearson(totalsA, totalsB, totalNames), srcc: spearman(totalsA, totalsB, totalNames) },
    step: stepAgreement(overallCounts),
    binary: binaryAgreement(overallBinary, raters),
    incompleteRecordings,
    stats,
    byStep,
  };
}

function stepAgreement(counts: ArrayLike<number>): StepAgreement {
  return {
    confusion: confusionRows(counts),
    qwk: quadraticKappa(counts),
    exact: exactAgreement(counts),
    adjacent: adjacentAgreement(counts),
    ac1: gwetAc1(counts),
    pabak: pabak(counts),
  };
}

function binaryAgreement(slots: ArrayLike<number>, raters: PairNames): BinaryAgreement {
  const counts: BinaryCounts = { tp: slots[0]!, fp: slots[1]!, fn: slots[2]!, tn: slots[3]! };
  const names: PairNames = [`rater '${raters[0]}'`, `rater '${raters[1]}'`];
  return {
    ...counts,
    precision: precision(counts, names),
    recall: recall(counts, names),
    f1: f1(counts),
    mcc: mcc(counts, names),
  };
}

function perStep(index: LabelIndex, byStep: Float64Array, raters: PairNames): StepBreakdown[] {
  const out: StepBreakdown[] = [];
  index.stepIds.forEach((stepId, i) => {
    const cells = byStep.subarray(i * STEP_SLOTS, i * STEP_SLOTS + CONFUSION_CELLS);
    const slots = byStep.subarray(i * STEP_SLOTS + CONFUSION_CELLS, (i + 1) * STEP_SLOTS);
    const nSteps = cells.reduce((sum, c) => sum + c, 0);
    if (nSteps === 0) return;
    out.push({ stepId, nSteps, step: stepAgreement(Array.from(cells)), binary: binaryAgreement(slots, raters) });
  });
  return out.sort((x, y) => compareNatural(x.stepId, y.stepId));
}
