/**
 * Label rows turned into typed arrays once: recordings, steps and stations become small integers,
 * and each rater's labels are sorted by (recording, step) with a counting sort. The agreement
 * figures and the bootstrap then work on indices into these arrays, so 30,000 recordings x 33
 * steps x 2 raters (two million rows) cost tens of megabytes beyond the rows themselves, not
 * hundreds, and no row is copied into another object.
 */
import { type Category, categoryFromMax, isScoredBelowMax } from './categories';

export interface LabelRowLike {
  recordingId: string;
  stepId: string;
  maxScore: number;
  rater: string;
  score: number;
  station?: string;
  /** Orders recordings for resampling (a content hash): equal data resample equally, whatever its ids. */
  resampleKey?: string;
}

/**
 * One rater's labels: `order` lists positions in the shared columns, sorted by recording (in
 * resampling order) then step (code-point order of its id); recording r is
 * order[starts[r] .. starts[r + 1]).
 */
export interface RaterLabels {
  count: number;
  order: Int32Array;
  starts: Int32Array;
}

/** Row-ordered columns of the two raters' labels (the rows of other raters are not kept). */
export interface LabelColumns {
  /** Recording rank (resampling order). */
  recording: Int32Array;
  step: Int32Array;
  /** Station index, -1 when the row names none; null when no row names one. */
  station: Int32Array | null;
  score: Float64Array;
  /** Category (bits 0-1) and error, scored below the step's maximum (bit 2). */
  flags: Uint8Array;
}

export interface LabelIndex {
  /** Recording ids in resampling order (by resample key, then id, code-point order). */
  recordingIds: string[];
  /** Step ids; `stepRank` orders them by code point. */
  stepIds: string[];
  stepRank: Int32Array;
  stationIds: string[];
  columns: LabelColumns;
  a: RaterLabels;
  b: RaterLabels;
}

/** Code-point order (as Python's sorted) for recording ids, so listings are reproducible anywhere. */
export const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Rows that cannot be analysed (caller bug or unchecked input), as opposed to undefined metrics. */
export class AgreementInputError extends Error {
  override readonly name = 'AgreementInputError';
}

function internOf(): { ids: string[]; of(key: string): number } {
  const map = new Map<string, number>();
  const ids: string[] = [];
  return {
    ids,
    of(key) {
      let i = map.get(key);
      if (i === undefined) {
        i = ids.length;
        map.set(key, i);
        ids.push(key);
      }
      return i;
    },
  };
}

/** Ranks of ids under a comparison: rank[id index] = position in sorted order. */
function ranks(n: number, compare: (x: number, y: number) => number): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i).sort(compare);
  const rank = new Int32Array(n);
  order.forEach((id, position) => (rank[id] = position));
  return rank;
}

export function indexLabels<R extends LabelRowLike>(
  rows: readonly R[],
  raters: { a: string; b: string },
  categoryOf: ((row: R) => Category) | undefined,
): LabelIndex {
  const recordings = internOf();
  const steps = internOf();
  const stations = internOf();
  const keyOfRecording: (string | undefined)[] = [];
  let n = 0;
  let named = false;
  for (const row of rows) {
    if (row.rater !== raters.a && row.rater !== raters.b) continue;
    n++;
    if (row.station !== undefined) named = true;
  }
  // One pass over the rows into columns; each rater's sorted order is a permutation of them.
  const isB = new Uint8Array(n);
  const rec = new Int32Array(n);
  const step = new Int32Array(n);
  const station = named ? new Int32Array(n) : null;
  const score = new Float64Array(n);
  const flags = new Uint8Array(n);
  let k = 0;
  for (const row of rows) {
    const isA = row.rater === raters.a;
    if (!isA && row.rater !== raters.b) continue;
    if (!Number.isFinite(row.score) || !Number.isFinite(row.maxScore)) {
      throw new AgreementInputError(
        `rater '${row.rater}', recording '${row.recordingId}', step '${row.stepId}': score and max score must be finite numbers`,
      );
    }
    const r = recordings.of(row.recordingId);
    if (row.resampleKey !== undefined && keyOfRecording[r] === undefined) keyOfRecording[r] = row.resampleKey;
    isB[k] = isA ? 0 : 1;
    rec[k] = r;
    step[k] = steps.of(row.stepId);
    if (station) station[k] = row.station === undefined ? -1 : stations.of(row.station);
    score[k] = row.score;
    const category = categoryOf ? categoryOf(row) : categoryFromMax(row.maxScore, row.score);
    flags[k] = category | (isScoredBelowMax(row.maxScore, row.score) ? 4 : 0);
    k++;
  }
  const recIds = recordings.ids;
  const recRank = ranks(recIds.length, (x, y) => {
    const kx = keyOfRecording[x] ?? '';
    const ky = keyOfRecording[y] ?? '';
    return compareText(kx, ky) || compareText(recIds[x]!, recIds[y]!);
  });
  const stepRank = ranks(steps.ids.length, (x, y) => compareText(steps.ids[x]!, steps.ids[y]!));
  const byRank = new Int32Array(recIds.length);
  recRank.forEach((rank, id) => (byRank[rank] = id));
  for (let i = 0; i < n; i++) rec[i] = recRank[rec[i]!]!;

  const build = (which: 0 | 1, rater: string): RaterLabels => {
    // Counting sort by recording, then insertion sort by step within each recording (~30 labels).
    const starts = new Int32Array(recIds.length + 1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (isB[i] !== which) continue;
      starts[rec[i]! + 1]!++;
      count++;
    }
    for (let r = 0; r < recIds.length; r++) starts[r + 1]! += starts[r]!;
    const fill = starts.slice(0, recIds.length);
    const order = new Int32Array(count);
    for (let i = 0; i < n; i++) if (isB[i] === which) order[fill[rec[i]!]!++] = i;
    for (let r = 0; r < recIds.length; r++) {
      for (let x = starts[r]! + 1; x < starts[r + 1]!; x++) {
        const v = order[x]!;
        let y = x - 1;
        while (y >= starts[r]! && stepRank[step[order[y]!]!]! > stepRank[step[v]!]!) {
          order[y + 1] = order[y]!;
          y--;
        }
        order[y + 1] = v;
      }
      for (let x = starts[r]! + 1; x < starts[r + 1]!; x++) {
        if (step[order[x]!] === step[order[x - 1]!]) {
          throw new AgreementInputError(
            `rater '${rater}' scored recording '${recIds[byRank[r]!]}' step '${steps.ids[step[order[x]!]!]}' more than once`,
          );
        }
      }
    }
    return { count, order, starts };
  };
  return {
    recordingIds: Array.from(byRank, (id) => recIds[id]!),
    stepIds: steps.ids,
    stepRank,
    stationIds: stations.ids,
    columns: { recording: rec, step, station, score, flags },
    a: build(0, raters.a),
    b: build(1, raters.b),
  };
}
