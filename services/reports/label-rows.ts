/**
 * Turns the lab's stored scores into the agreement module's LabelRows for any pair of raters:
 * examiner vs examiner, a model configuration vs the final scores or vs one examiner, or the first
 * vs the second examiner of every double-marked recording. Categories come from the rubric's own
 * scoreCategory (category_map overrides included), never from the maximum alone.
 */
import type { CategoryOf, LabelRow } from '../../domain/agreement/compute';
import type { Category } from '../../domain/agreement/categories';
import { scoreCategory } from '../../domain/rubric/ordinal';
import type { RaterRef } from '../../contract/reports';
import type { LabDataset } from './dataset';

export type RaterSpec =
  | { kind: 'examiner'; raterId: number }
  | { kind: 'model'; configKey: string }
  | { kind: 'final' }
  /** 1 = whoever submitted first on each double-marked recording, 2 = whoever submitted second. */
  | { kind: 'marker'; ordinal: 1 | 2 };

function raterKey(spec: RaterSpec): string {
  switch (spec.kind) {
    case 'examiner':
      return `examiner:${spec.raterId}`;
    case 'model':
      return `model:${spec.configKey}`;
    case 'final':
      return 'final';
    case 'marker':
      return `marker:${spec.ordinal}`;
  }
}

export function raterRef(ds: LabDataset, spec: RaterSpec): RaterRef {
  const key = raterKey(spec);
  switch (spec.kind) {
    case 'examiner': {
      const name = ds.raters.get(spec.raterId)?.name ?? `examiner ${spec.raterId}`;
      return { key, kind: 'examiner', raterId: spec.raterId, name, label: `${name} (examiner)` };
    }
    case 'model': {
      const c = ds.modelConfigs.find((m) => m.key === spec.configKey);
      const name = c?.model ?? spec.configKey;
      return { key, kind: 'model', raterId: c?.raterId ?? null, name, label: c?.label ?? `${name} (model suggestion)` };
    }
    case 'final':
      return { key, kind: 'final', raterId: null, name: 'final', label: 'Final scores (adjudicated or agreed)' };
    case 'marker':
      return {
        key,
        kind: 'marker',
        raterId: null,
        name: spec.ordinal === 1 ? 'first examiner' : 'second examiner',
        label: spec.ordinal === 1 ? 'First examiner to submit' : 'Second examiner to submit',
      };
  }
}

/** A rater's value for one step: a score, or null when marked not assessable. */
export type StepValues = Map<number, Map<string, number | null>>;

function set(values: StepValues, recordingId: number, stepId: string, value: number | null): void {
  let steps = values.get(recordingId);
  if (!steps) values.set(recordingId, (steps = new Map()));
  steps.set(stepId, value);
}

/** Double-marked recordings' submitted examiners in submission order. */
export function submittedExaminers(ds: LabDataset): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const m of ds.markings) {
    const list = out.get(m.recordingId);
    if (list) list.push(m.raterId);
    else out.set(m.recordingId, [m.raterId]);
  }
  return out;
}

/** Every value the rater gave, per recording and step. */
export function valuesOf(ds: LabDataset, spec: RaterSpec): StepValues {
  const values: StepValues = new Map();
  if (spec.kind === 'final') {
    for (const [recordingId, f] of ds.finals) {
      for (const s of f.steps) {
        if (s.state === 'final') set(values, recordingId, s.stepId, s.score);
        else if (s.state === 'not_assessable') set(values, recordingId, s.stepId, null);
      }
    }
    return values;
  }
  let wanted: (s: LabDataset['scores'][number]) => boolean;
  if (spec.kind === 'examiner') {
    wanted = (s) => s.raterId === spec.raterId && s.configKey === null;
  } else if (spec.kind === 'model') {
    wanted = (s) => s.configKey === spec.configKey;
  } else {
    const order = submittedExaminers(ds);
    wanted = (s) => {
      const list = order.get(s.recordingId);
      return s.configKey === null && list !== undefined && list.length >= 2 && list[spec.ordinal - 1] === s.raterId;
    };
  }
  for (const s of ds.scores) {
    if (!wanted(s)) continue;
    if (s.notAssessable) set(values, s.recordingId, s.stepId, null);
    else if (s.score !== null) set(values, s.recordingId, s.stepId, s.score);
  }
  return values;
}

export interface PairRows {
  a: string;
  b: string;
  rows: LabelRow[];
  categoryOf: CategoryOf;
  /** (recording, step) pairs left out because either rater marked the step not assessable. */
  notAssessable: number;
  problems: string[];
}

/**
 * Rows for rater a (the reference) and rater b on the recordings both scored. A step either rater
 * marked not assessable is left out for both, so the recording's totals still compare like with
 * like; a step only one of them scored stays in and makes the recording incomplete (no totals).
 */
export function buildPairRows(
  ds: LabDataset,
  specA: RaterSpec,
  specB: RaterSpec,
  /** Only these (recording, step) items, e.g. the items every ranked leaderboard entry covers. */
  only?: (recordingId: number, stepId: string) => boolean,
): PairRows {
  const a = raterKey(specA);
  const b = raterKey(specB);
  const valuesA = valuesOf(ds, specA);
  const valuesB = valuesOf(ds, specB);
  const categories = new Map<LabelRow, Category>();
  const rows: LabelRow[] = [];
  const problems: string[] = [];
  let notAssessable = 0;

  for (const recording of ds.recordings) {
    const stepsA = valuesA.get(recording.id);
    const stepsB = valuesB.get(recording.id);
    if (!stepsA || !stepsB) continue;
    const rubric = ds.rubrics.get(recording.rubricId, recording.rubricVersion);
    const stepIds = new Set([...stepsA.keys(), ...stepsB.keys()]);
    const recordingId = String(recording.id);
    for (const stepId of stepIds) {
      if (only && !only(recording.id, stepId)) continue;
      const va = stepsA.get(stepId);
      const vb = stepsB.get(stepId);
      if (va === null || vb === null) {
        notAssessable++;
        continue;
      }
      const step = rubric.stepById.get(stepId);
      if (!step) {
        problems.push(
          `recording ${recording.id}: step '${stepId}' is not in rubric ${rubric.id} v${rubric.version}; left out`,
        );
        continue;
      }
      for (const [rater, score] of [
        [a, va],
        [b, vb],
      ] as const) {
        if (score === undefined) continue;
        let category: Category;
        try {
          category = scoreCategory(step, score);
        } catch (err) {
          problems.push(`recording ${recording.id}, step '${stepId}', ${rater}: ${(err as Error).message}; left out`);
          continue;
        }
        const row: LabelRow = {
          recordingId,
          stepId,
          maxScore: step.max_points,
          rater,
          score,
          station: recording.rubricId,
          // The bootstrap resamples recordings in hash order: a merged copy (other ids) gives the same intervals.
          resampleKey: recording.sha256,
        };
        categories.set(row, category);
        rows.push(row);
      }
    }
  }
  const categoryOf: CategoryOf = (row) => {
    const category = categories.get(row);
    // Only rows built here are ever passed back; anything else is a programming error, not data.
    if (category === undefined)
      throw new Error(`no rubric category for recording ${row.recordingId}, step ${row.stepId}`);
    return category;
  };
  return { a, b, rows, categoryOf, notAssessable, problems };
}

/** Recording totals over the steps both raters scored, for recordings both scored completely. */
export function completeTotals(pair: PairRows): { recordingId: string; a: number; b: number }[] {
  const byRecording = new Map<string, { a: Map<string, number>; b: Map<string, number> }>();
  for (const row of pair.rows) {
    let entry = byRecording.get(row.recordingId);
    if (!entry) byRecording.set(row.recordingId, (entry = { a: new Map(), b: new Map() }));
    (row.rater === pair.a ? entry.a : entry.b).set(row.stepId, row.score);
  }
  const out: { recordingId: string; a: number; b: number }[] = [];
  for (const [recordingId, { a, b }] of byRecording) {
    if (a.size === 0 || a.size !== b.size || [...a.keys()].some((k) => !b.has(k))) continue;
    let totalA = 0;
    let totalB = 0;
    for (const [k, v] of a) {
      totalA += v;
      totalB += b.get(k)!;
    }
    out.push({ recordingId, a: totalA, b: totalB });
  }
  return out;
}
