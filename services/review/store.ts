/** Reads behind the review: a recording with its station rubric and session setting, and one examiner's marking. */
import type { Db } from '../../db/connection';
import type { MarkingState, StepMark, StepSpan } from '../../contract/review';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { NotFoundError } from '../core/errors';
import { getRubric } from '../rubrics/store';
import { InvalidMarkError } from './errors';

export interface RecordingContext {
  id: number;
  sessionName: string;
  blindFirst: boolean;
  stationCode: string;
  candidateCode: string | null;
  originalPath: string;
  storedPath: string;
  proxyPath: string | null;
  proxyStatus: string;
  fileStatus: string;
  durationS: number;
  fps: number | null;
  rubric: Rubric;
}

interface RecordingRow {
  id: number;
  session_name: string;
  blind_first: number;
  station_code: string;
  candidate_code: string | null;
  rubric_id: string;
  rubric_version: number;
  original_path: string;
  stored_path: string;
  proxy_path: string | null;
  proxy_status: string;
  file_status: string;
  duration_s: number;
  fps: number | null;
}

export function loadRecordingContext(db: Db, recordingId: number): RecordingContext {
  const r = db
    .prepare(
      `SELECT r.id, s.name AS session_name, s.blind_first, st.code AS station_code, c.code AS candidate_code,
              st.rubric_id, st.rubric_version, r.original_path, r.stored_path, r.proxy_path, r.proxy_status, r.file_status, r.duration_s, r.fps
       FROM recordings r
       JOIN exam_sessions s ON s.id = r.session_id
       JOIN stations st ON st.id = r.station_id
       LEFT JOIN candidates c ON c.id = r.candidate_id
       WHERE r.id = ?`,
    )
    .get(recordingId) as RecordingRow | undefined;
  if (!r) throw new NotFoundError(`Recording ${recordingId}`);
  return {
    id: r.id,
    sessionName: r.session_name,
    blindFirst: r.blind_first === 1,
    stationCode: r.station_code,
    candidateCode: r.candidate_code,
    originalPath: r.original_path,
    storedPath: r.stored_path,
    proxyPath: r.proxy_path,
    proxyStatus: r.proxy_status,
    fileStatus: r.file_status,
    durationS: r.duration_s,
    fps: r.fps,
    rubric: getRubric(db, r.rubric_id, r.rubric_version).rubric,
  };
}

export function rubricStep(ctx: RecordingContext, stepId: string): RubricStep {
  const step = ctx.rubric.steps.find((s) => s.id === stepId);
  if (!step) throw new InvalidMarkError(stepId, `the ${ctx.rubric.id} rubric (version ${ctx.rubric.version}) has no step '${stepId}'`);
  return step;
}

export interface MarkingRow {
  id: number;
  recording_id: number;
  rater_id: number;
  rubric_id: string;
  rubric_version: number;
  status: 'in_progress' | 'submitted';
  revealed_at: string | null;
  submitted_at: string | null;
  created_at: string;
}

export function getMarkingRow(db: Db, recordingId: number, raterId: number): MarkingRow | undefined {
  return db.prepare('SELECT * FROM markings WHERE recording_id = ? AND rater_id = ?').get(recordingId, raterId) as MarkingRow | undefined;
}

export interface StepScoreRow {
  id: number;
  step_id: string;
  score: number | null;
  blind_score: number | null;
  not_assessable: number;
  not_assessable_reason: string | null;
  comment: string | null;
  suggestion_visible: number;
  from_suggestion: number;
  updated_at: string;
}

export function examinerStepRows(db: Db, recordingId: number, raterId: number): StepScoreRow[] {
  return db
    .prepare(
      `SELECT id, step_id, score, blind_score, not_assessable, not_assessable_reason, comment, suggestion_visible, from_suggestion, updated_at
       FROM step_scores WHERE recording_id = ? AND rater_id = ? AND source = 'examiner'`,
    )
    .all(recordingId, raterId) as StepScoreRow[];
}

export function toStepMark(r: StepScoreRow): StepMark {
  return {
    stepId: r.step_id,
    score: r.score,
    blindScore: r.blind_score,
    notAssessable: r.not_assessable === 1,
    notAssessableReason: r.not_assessable_reason,
    comment: r.comment,
    fromSuggestion: r.from_suggestion === 1,
    suggestionVisible: r.suggestion_visible === 1,
    updatedAt: r.updated_at,
  };
}

/** Blind first keeps suggestions from an examiner until they have revealed them; without it they are visible at once. */
export function suggestionsVisible(ctx: Pick<RecordingContext, 'blindFirst'>, marking: MarkingRow | undefined): boolean {
  return !ctx.blindFirst || Boolean(marking?.revealed_at);
}

/** A step counts as done once it has a score or is marked not assessable (a comment alone is not a mark). */
export function missingSteps(rubric: Rubric, rows: readonly StepScoreRow[]): string[] {
  const done = new Set(rows.filter((r) => r.score !== null || r.not_assessable === 1).map((r) => r.step_id));
  return rubric.steps.filter((s) => !done.has(s.id)).map((s) => s.id);
}

export function loadSpans(db: Db, recordingId: number): StepSpan[] {
  return (
    db.prepare('SELECT step_id, start_s, end_s FROM step_spans WHERE recording_id = ? ORDER BY start_s').all(recordingId) as {
      step_id: string;
      start_s: number;
      end_s: number;
    }[]
  ).map((s) => ({ stepId: s.step_id, startS: s.start_s, endS: s.end_s }));
}

export function loadMarkingState(db: Db, ctx: RecordingContext, examinerId: number): MarkingState {
  const marking = getMarkingRow(db, ctx.id, examinerId);
  const rows = examinerStepRows(db, ctx.id, examinerId);
  const missing = missingSteps(ctx.rubric, rows);
  const order = new Map(ctx.rubric.steps.map((s, i) => [s.id, i]));
  return {
    recordingId: ctx.id,
    examinerId,
    status: marking?.status ?? 'not_started',
    blindFirst: ctx.blindFirst,
    revealedAt: marking?.revealed_at ?? null,
    submittedAt: marking?.submitted_at ?? null,
    suggestionsVisible: suggestionsVisible(ctx, marking),
    marks: rows.map(toStepMark).sort((a, b) => (order.get(a.stepId) ?? 1e9) - (order.get(b.stepId) ?? 1e9)),
    complete: missing.length === 0,
    missingSteps: missing,
    spans: loadSpans(db, ctx.id),
  };
}
