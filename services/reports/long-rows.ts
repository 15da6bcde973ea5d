/**
 * The long format every data export uses: one row per recording, rubric step and rater
 * (examiners' submitted marks, the final score, each model configuration's suggestion).
 */
import Papa from 'papaparse';
import { isError, scoreCategory } from '../../domain/rubric/ordinal';
import type { RubricStep } from '../../domain/rubric/types';
import type { LabDataset, RecordingFacts } from './dataset';
import { submittedExaminers } from './label-rows';

export const LONG_COLUMNS = [
  'recording_id',
  'sha256',
  'session',
  'station',
  'candidate',
  'rubric_id',
  'rubric_version',
  'step_id',
  'rater',
  'rater_kind',
  'score',
  'max_points',
  'category',
  'error',
  'not_assessable',
  'comment',
] as const;

export interface LongRow {
  recording_id: number;
  sha256: string;
  session: string;
  station: string;
  candidate: string | null;
  rubric_id: string;
  rubric_version: number;
  step_id: string;
  rater: string;
  rater_kind: 'examiner' | 'final' | 'model';
  score: number | null;
  max_points: number;
  /** Ordinal category 0..3 from the rubric's mapping; null without a score. */
  category: number | null;
  /** Scored below the step maximum. */
  error: boolean | null;
  not_assessable: boolean;
  comment: string | null;
}

interface Value {
  score: number | null;
  notAssessable: boolean;
  comment: string | null;
}

function row(rec: RecordingFacts, step: RubricStep, rater: string, kind: LongRow['rater_kind'], v: Value): LongRow {
  let category: number | null = null;
  let error: boolean | null = null;
  if (v.score !== null) {
    try {
      category = scoreCategory(step, v.score);
      error = isError(step, v.score);
    } catch {
      // A stored score the rubric does not allow is exported as stored, without a category.
    }
  }
  return {
    recording_id: rec.id,
    sha256: rec.sha256,
    session: rec.sessionName,
    station: rec.stationCode,
    candidate: rec.candidateCode,
    rubric_id: rec.rubricId,
    rubric_version: rec.rubricVersion,
    step_id: step.id,
    rater,
    rater_kind: kind,
    score: v.score,
    max_points: step.max_points,
    category,
    error,
    not_assessable: v.notAssessable,
    comment: v.comment,
  };
}

export function longRows(ds: LabDataset): LongRow[] {
  const byRecording = new Map<number, LabDataset['scores']>();
  for (const s of ds.scores) {
    const list = byRecording.get(s.recordingId);
    if (list) list.push(s);
    else byRecording.set(s.recordingId, [s]);
  }
  const order = submittedExaminers(ds);
  const configOrder = new Map(ds.modelConfigs.map((c, i) => [c.key, i]));
  const out: LongRow[] = [];
  for (const rec of ds.recordings) {
    const rubric = ds.rubrics.get(rec.rubricId, rec.rubricVersion);
    const scores = byRecording.get(rec.id) ?? [];
    const finals = new Map(ds.finals.get(rec.id)?.steps.map((s) => [s.stepId, s]) ?? []);
    const examiners = order.get(rec.id) ?? [];
    const models = [...new Set(scores.flatMap((s) => (s.configKey ? [s.configKey] : [])))].sort(
      (x, y) => (configOrder.get(x) ?? 0) - (configOrder.get(y) ?? 0),
    );
    for (const step of rubric.steps) {
      const ofStep = scores.filter((s) => s.stepId === step.id);
      for (const raterId of examiners) {
        const s = ofStep.find((x) => x.raterId === raterId && x.configKey === null);
        if (!s) continue;
        const name = ds.raters.get(raterId)?.name ?? `examiner ${raterId}`;
        out.push(
          row(rec, step, name, 'examiner', {
            score: s.notAssessable ? null : s.score,
            notAssessable: s.notAssessable,
            comment: s.comment,
          }),
        );
      }
      const f = finals.get(step.id);
      if (f && f.state !== 'unmarked') {
        out.push(
          row(rec, step, 'final', 'final', {
            score: f.state === 'final' ? f.score : null,
            notAssessable: f.state === 'not_assessable',
            comment: f.state === 'disagreement' ? 'examiners disagree: awaiting adjudication' : null,
          }),
        );
      }
      for (const key of models) {
        const s = ofStep.find((x) => x.configKey === key);
        if (!s) continue;
        const label = ds.modelConfigs.find((c) => c.key === key)?.label ?? `${key} (model suggestion)`;
        out.push(
          row(rec, step, label, 'model', {
            score: s.notAssessable ? null : s.score,
            notAssessable: s.notAssessable,
            comment: s.comment,
          }),
        );
      }
    }
  }
  return out;
}

/**
 * RFC 4180 CSV with a header. Cells starting with = + - @ get a leading apostrophe so a
 * spreadsheet never runs a comment as a formula.
 */
export function longRowsCsv(rows: readonly LongRow[]): string {
  const data = rows.map((r) =>
    LONG_COLUMNS.map((c) => {
      const v = r[c];
      if (v === null) return '';
      if (typeof v === 'boolean') return v ? '1' : '0';
      return String(v);
    }),
  );
  return Papa.unparse({ fields: [...LONG_COLUMNS], data }, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}
