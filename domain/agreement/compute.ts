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
import { type Category, categoryFromMax, isScoredBelowMax } from './categories';
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

/** Rows that cannot be analysed (caller bug or unchecked input), as opposed to undefined metrics. */
export class AgreementInputError extends Error {
  override readonly name = 'AgreementInputError';
}

/** One (recording, step) both raters scored. */
interface StepPair {
  recording: number;
  stepId: string;
  categoryA: Category;
  categoryB: Category;
  errorA: boolean;
  errorB: boolean;
}

type RaterScores = Map<string, Map<string, LabelRow>>;

interface Analysis {
  nRecordings: number;
  nSteps: number;
  overall: { plcc: Metric; srcc: Metric };
  step: StepAgreement;
  binary: BinaryAgreement;
  incompleteRecordings: string[];
  pairs: StepPair[];
  stats: RecordingStats;
}

/** Code-point order (as Python's sorted) for recording ids, so listings are reproducible anywhere. */
const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
/** Step and station names read better in natural order: s2 before s10. */
const compareNatural = (x: string, y: string): number =>
  x.localeCompare(y, 'en', { numeric: true }) || compareText(x, y);

export function computeAgreement(rows: readonly LabelRow[], opts: AgreementOptions): AgreementResult {
  const { a, b } = opts;
  if (a === b) throw new AgreementInputError(`raters a and b are both '${a}'; name two different raters`);
  const resamples = opts.bootstrap ?? 0;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new AgreementInputError(`bootstrap must be a whole number of resamples, got ${resamples}`);
  }
  const seed = opts.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (!Number.isInteger(seed)) throw new AgreementInputError(`seed must be a whole number, got ${seed}`);
  const categoryOf = opts.categoryOf ?? defaultCategoryOf;

  const scoresA = indexRater(rows, a);
  const scoresB = indexRater(rows, b);
  const all = analyse(scoresA, scoresB, categoryOf, [a, b]);

  const result: AgreementResult = {
    raters: { a, b },
    nRecordings: all.nRecordings,
    nSteps: all.nSteps,
    overall: all.overall,
    step: all.step,
    binary: all.binary,
    incompleteRecordings: all.incompleteRecordings,
    perStep: perStep(all.pairs, [a, b]),
  };
  if (resamples > 0) result.intervals = bootstrapIntervals(all.stats, resamples, seed);

  const stations = [...new Set(rows.filter((r) => r.rater === a || r.rater === b).map((r) => r.station))]
    .filter((s): s is string => s !== undefined)
    .sort(compareNatural);
  if (stations.length > 0) {
    result.perStation = stations.map((station) => {
      const s = analyse(filterStation(scoresA, station), filterStation(scoresB, station), categoryOf, [a, b]);
      return {
        station,
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
 * one step scored by both raters, in recording-id order).
 */
export function recordingStatistics(
  rows: readonly LabelRow[],
  opts: Pick<AgreementOptions, 'a' | 'b' | 'categoryOf'>,
): RecordingStats {
  const categoryOf: CategoryOf = opts.categoryOf ?? defaultCategoryOf;
  return analyse(indexRater(rows, opts.a), indexRater(rows, opts.b), categoryOf, [opts.a, opts.b]).stats;
}

const defaultCategoryOf: CategoryOf = (row) => categoryFromMax(row.maxScore, row.score);

function indexRater(rows: readonly LabelRow[], rater: string): RaterScores {
  const byRecording: RaterScores = new Map();
  for (const row of rows) {
    if (row.rater !== rater) continue;
    if (!Number.isFinite(row.score) || !Number.isFinite(row.maxScore)) {
      throw new AgreementInputError(
        `rater '${rater}', recording '${row.recordingId}', step '${row.stepId}': score and max score must be finite numbers`,
      );
    }
    let steps = byRecording.get(row.recordingId);
    if (!steps) byRecording.set(row.recordingId, (steps = new Map()));
    if (steps.has(row.stepId)) {
      throw new AgreementInputError(
        `rater '${rater}' scored recording '${row.recordingId}' step '${row.stepId}' more than once`,
      );
    }
    steps.set(row.stepId, row);
  }
  return byRecording;
}

function filterStation(scores: RaterScores, station: string): RaterScores {
  const out: RaterScores = new Map();
  for (const [recordingId, steps] of scores) {
    const kept = new Map([...steps].filter(([, row]) => row.station === station));
    if (kept.size > 0) out.set(recordingId, kept);
  }
  return out;
}

function analyse(scoresA: RaterScores, scoresB: RaterScores, categoryOf: CategoryOf, raters: PairNames): Analysis {
  const recordingIds = [...new Set([...scoresA.keys(), ...scoresB.keys()])].sort(compareText);
  const pairs: StepPair[] = [];
  const incompleteRecordings: string[] = [];
  const unitTotals: { complete: boolean; totalA: number; totalB: number }[] = [];

  for (const recordingId of recordingIds) {
    const stepsA = scoresA.get(recordingId);
    const stepsB = scoresB.get(recordingId);
    let shared = 0;
    let totalA = 0;
    let totalB = 0;
    if (stepsA && stepsB) {
      const unit = unitTotals.length;
      for (const stepId of [...stepsA.keys()].sort(compareText)) {
        const rowA = stepsA.get(stepId)!;
        const rowB = stepsB.get(stepId);
        if (!rowB) continue;
        shared++;
        totalA += rowA.score;
        totalB += rowB.score;
        pairs.push({
          recording: unit,
          stepId,
          categoryA: categoryOf(rowA),
          categoryB: categoryOf(rowB),
          errorA: isScoredBelowMax(rowA.maxScore, rowA.score),
          errorB: isScoredBelowMax(rowB.maxScore, rowB.score),
        });
      }
    }
    const complete = !!stepsA && !!stepsB && shared === stepsA.size && shared === stepsB.size;
    if (!complete) incompleteRecordings.push(recordingId);
    if (shared > 0) unitTotals.push({ complete, totalA, totalB });
  }

  const stats = recordingStats(unitTotals, pairs);
  const totalsA: number[] = [];
  const totalsB: number[] = [];
  for (const u of unitTotals) {
    if (!u.complete) continue;
    totalsA.push(u.totalA);
    totalsB.push(u.totalB);
  }
  const totalNames: PairNames = [`rater '${raters[0]}' total`, `rater '${raters[1]}' total`];
  return {
    nRecordings: totalsA.length,
    nSteps: pairs.length,
    overall: { plcc: pearson(totalsA, totalsB, totalNames), srcc: spearman(totalsA, totalsB, totalNames) },
    step: stepAgreement(pairs),
    binary: binaryAgreement(pairs, raters),
    incompleteRecordings,
    pairs,
    stats,
  };
}

function recordingStats(
  units: { complete: boolean; totalA: number; totalB: number }[],
  pairs: StepPair[],
): RecordingStats {
  const count = units.length;
  const stats: RecordingStats = {
    count,
    confusion: new Float64Array(count * CONFUSION_CELLS),
    binary: new Float64Array(count * 4),
    complete: Uint8Array.from(units, (u) => (u.complete ? 1 : 0)),
    totalA: Float64Array.from(units, (u) => u.totalA),
    totalB: Float64Array.from(units, (u) => u.totalB),
  };
  for (const p of pairs) {
    stats.confusion[p.recording * CONFUSION_CELLS + p.categoryA * 4 + p.categoryB]! += 1;
    stats.binary[p.recording * 4 + binarySlot(p)]! += 1;
  }
  return stats;
}

/** Index into tp, fp, fn, tn. */
function binarySlot(p: StepPair): number {
  if (p.errorA) return p.errorB ? 0 : 2;
  return p.errorB ? 1 : 3;
}

function stepAgreement(pairs: readonly StepPair[]): StepAgreement {
  const counts = new Array<number>(CONFUSION_CELLS).fill(0);
  for (const p of pairs) counts[p.categoryA * 4 + p.categoryB]! += 1;
  return {
    confusion: confusionRows(counts),
    qwk: quadraticKappa(counts),
    exact: exactAgreement(counts),
    adjacent: adjacentAgreement(counts),
    ac1: gwetAc1(counts),
    pabak: pabak(counts),
  };
}

function binaryAgreement(pairs: readonly StepPair[], raters: PairNames): BinaryAgreement {
  const slots = [0, 0, 0, 0];
  for (const p of pairs) slots[binarySlot(p)]! += 1;
  const [tp, fp, fn, tn] = slots as [number, number, number, number];
  const counts: BinaryCounts = { tp, fp, fn, tn };
  const names: PairNames = [`rater '${raters[0]}'`, `rater '${raters[1]}'`];
  return {
    ...counts,
    precision: precision(counts, names),
    recall: recall(counts, names),
    f1: f1(counts),
    mcc: mcc(counts, names),
  };
}

function perStep(pairs: readonly StepPair[], raters: PairNames): StepBreakdown[] {
  const byStep = new Map<string, StepPair[]>();
  for (const p of pairs) {
    const list = byStep.get(p.stepId);
    if (list) list.push(p);
    else byStep.set(p.stepId, [p]);
  }
  return [...byStep.keys()].sort(compareNatural).map((stepId) => {
    const list = byStep.get(stepId)!;
    return { stepId, nSteps: list.length, step: stepAgreement(list), binary: binaryAgreement(list, raters) };
  });
}
