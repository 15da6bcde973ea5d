/** Reads behind the review: a recording with its station rubric and session setting, and one examiner's marking. */
import type { Db } from '../../db/connection';
import { examinerStepRows, markingRow, type MarkingRow, type StepScoreRow } from '../../db/queries/marks';
import { examinerSpansOf, spansOf } from '../../db/queries/spans';
import { placedRecording } from '../../db/queries/recordings';
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

export function loadRecordingContext(db: Db, recordingId: number): RecordingContext {
  const r = placedRecording(db, recordingId);
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
  if (!step)
    throw new InvalidMarkError(
      stepId,
      `the ${ctx.rubric.id} rubric (version ${ctx.rubric.version}) has no step '${stepId}'`,
    );
  return step;
}

export type { MarkingRow, StepScoreRow };
export const getMarkingRow = markingRow;
export { examinerStepRows };

function toStepMark(r: StepScoreRow): StepMark {
  return {
    stepId: r.step_id,
    score: r.score,
    blindScore: r.blind_score,
    notAssessable: r.not_assessable === 1,
    notAssessableReason: r.not_assessable_reason,
    comment: r.comment,
    fromSuggestion: r.from_suggestion === 1,
    suggestionVisible: r.suggestion_visible === 1,
    modelVerdict: r.model_verdict,
    updatedAt: r.updated_at,
  };
}

/** Blind first keeps suggestions from an examiner until they have revealed them; without it they are visible at once. */
export function suggestionsVisible(
  ctx: Pick<RecordingContext, 'blindFirst'>,
  marking: MarkingRow | undefined,
): boolean {
  return !ctx.blindFirst || Boolean(marking?.revealed_at);
}

/** A step counts as done once it has a score or is marked not assessable (a comment alone is not a mark). */
export function missingSteps(rubric: Rubric, rows: readonly StepScoreRow[]): string[] {
  const done = new Set(rows.filter((r) => r.score !== null || r.not_assessable === 1).map((r) => r.step_id));
  return rubric.steps.filter((s) => !done.has(s.id)).map((s) => s.id);
}

/** The examiner's own span of each step, else the recording's (the latest any examiner set or imported). */
function loadSpans(db: Db, recordingId: number, examinerId: number): StepSpan[] {
  const own = new Map(examinerSpansOf(db, recordingId, examinerId).map((s) => [s.step_id, s]));
  const out: StepSpan[] = [...own.values()].map((s) => ({
    stepId: s.step_id,
    startS: s.start_s,
    endS: s.end_s,
    mine: true,
  }));
  for (const s of spansOf(db, recordingId)) {
    if (!own.has(s.step_id)) out.push({ stepId: s.step_id, startS: s.start_s, endS: s.end_s, mine: false });
  }
  return out.sort((a, b) => a.startS - b.startS);
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
    spans: loadSpans(db, ctx.id, examinerId),
  };
}
