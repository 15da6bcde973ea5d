/**
 * One examiner's marking of one recording, saved as it is made: every change is one transaction
 * with its audit event, and the audit event says whether a model suggestion was visible to the
 * examiner when the change was made. Blind first: until the examiner reveals suggestions,
 * `blind_score` follows `score`; after the reveal only `score` moves, so the pre-reveal judgment
 * is kept. A suggestion becomes a mark only through takeSuggestion, never by itself.
 */
import type { Db } from '../../db/connection';
import {
  insertMarking,
  modelScoreOf,
  setMarkingRevealed,
  setMarkingSubmitted,
  upsertExaminerStep,
  type ExaminerStepFields,
} from '../../db/queries/marks';
import { spanOf, upsertExaminerSpan, upsertSpan } from '../../db/queries/spans';
import { raterById } from '../../db/queries/raters';
import type { Examiner, MarkingState } from '../../contract/review';
import type { RubricStep } from '../../domain/rubric/types';
import { scoreCategory } from '../../domain/rubric/ordinal';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { IncompleteMarkingError, InvalidMarkError, MarkingLockedError, SuggestionsHiddenError } from './errors';
import { examinerActor, getExaminer } from './examiners';
import { refreshReviewStatuses } from './review-status';
import {
  examinerStepRows,
  getMarkingRow,
  loadMarkingState,
  loadRecordingContext,
  missingSteps,
  rubricStep,
  suggestionsVisible,
  type MarkingRow,
  type RecordingContext,
  type StepScoreRow,
} from './store';

export interface MarkingRef {
  recordingId: number;
  examinerId: number;
}

export type StepChange =
  { score: number } | { notAssessable: { reason: string } } | { clearNotAssessable: true } | { comment: string | null };

export type StepMarkInput = MarkingRef & { stepId: string; changeReason?: string | undefined } & Partial<{
    score: number;
    notAssessable: { reason: string };
    clearNotAssessable: true;
    comment: string | null;
  }>;

/** The examiner's marking, created (and audited) the first time they mark anything. */
function ensureMarking(db: Db, ctx: RecordingContext, examiner: Examiner): MarkingRow {
  const found = getMarkingRow(db, ctx.id, examiner.id);
  if (found) return found;
  insertMarking(db, {
    recording_id: ctx.id,
    rater_id: examiner.id,
    rubric_id: ctx.rubric.id,
    rubric_version: ctx.rubric.version,
    status: 'in_progress',
    revealed_at: null,
    submitted_at: null,
    created_at: nowIso(),
  });
  const created = getMarkingRow(db, ctx.id, examiner.id)!;
  appendAudit(db, {
    actor: examinerActor(examiner),
    action: 'marking_start',
    entity: 'marking',
    entityId: created.id,
    after: { recording_id: ctx.id, rubric: `${ctx.rubric.id}@${ctx.rubric.version}`, blind_first: ctx.blindFirst },
  });
  return created;
}

/** The allowed score itself (2.4999999999 in, 2.5 out), or InvalidMark naming the step and what it allows. */
export function checkedScore(step: RubricStep, score: number): number {
  try {
    scoreCategory(step, score);
  } catch {
    // ScoreOutOfRange and ScoreNotAllowed say the same thing to an examiner: pick one of the buttons.
    throw new InvalidMarkError(
      step.id,
      `score ${score} is not allowed for "${step.title}" (allowed: ${step.allowed_scores.join(', ')})`,
    );
  }
  return step.allowed_scores.find((a) => Math.abs(a - score) < 1e-9) ?? score;
}

type Fields = ExaminerStepFields;

const EMPTY: Fields = {
  score: null,
  blind_score: null,
  not_assessable: 0,
  not_assessable_reason: null,
  comment: null,
  suggestion_visible: 0,
  from_suggestion: 0,
  model_verdict: null,
};

function fieldsOf(row: StepScoreRow | undefined): Fields {
  if (!row) return EMPTY;
  const {
    score,
    blind_score,
    not_assessable,
    not_assessable_reason,
    comment,
    suggestion_visible,
    from_suggestion,
    model_verdict,
  } = row;
  return {
    score,
    blind_score,
    not_assessable,
    not_assessable_reason,
    comment,
    suggestion_visible,
    from_suggestion,
    model_verdict,
  };
}

/** What a change does to the stored fields; `visible` is whether suggestions were visible when it was made. */
function applyChange(before: Fields, change: StepChange, step: RubricStep, visible: boolean): Fields {
  // Before the reveal every judgment is blind, so blind_score follows it; afterwards it stays as it was.
  const blind = (score: number | null) => (visible ? before.blind_score : score);
  if ('score' in change) {
    const score = checkedScore(step, change.score);
    return {
      ...before,
      score,
      blind_score: blind(score),
      not_assessable: 0,
      not_assessable_reason: null,
      suggestion_visible: visible ? 1 : 0,
      from_suggestion: 0,
    };
  }
  if ('notAssessable' in change) {
    return {
      ...before,
      score: null,
      blind_score: blind(null),
      not_assessable: 1,
      not_assessable_reason: change.notAssessable.reason.trim(),
      suggestion_visible: visible ? 1 : 0,
      from_suggestion: 0,
    };
  }
  if ('clearNotAssessable' in change) {
    return {
      ...before,
      score: null,
      blind_score: blind(null),
      not_assessable: 0,
      not_assessable_reason: null,
      suggestion_visible: visible ? 1 : 0,
      from_suggestion: 0,
    };
  }
  const comment = change.comment?.trim() ? change.comment.trim() : null;
  return { ...before, comment };
}

const same = (a: Fields, b: Fields) => (Object.keys(a) as (keyof Fields)[]).every((k) => a[k] === b[k]);

/** Shared by a manual change and taking a suggestion: lock check, write, audit, all in one transaction. */
function writeStep(
  db: Db,
  ref: MarkingRef & { stepId: string; changeReason?: string | undefined },
  compute: (
    before: Fields,
    step: RubricStep,
    visible: boolean,
  ) => { next: Fields; action: string; extra?: Record<string, unknown> },
): MarkingState {
  const ctx = loadRecordingContext(db, ref.recordingId);
  const examiner = getExaminer(db, ref.examinerId);
  const step = rubricStep(ctx, ref.stepId);
  db.transaction(() => {
    const marking = ensureMarking(db, ctx, examiner);
    const locked = marking.status === 'submitted';
    if (locked && !ref.changeReason?.trim()) throw new MarkingLockedError();
    const visible = suggestionsVisible(ctx, marking);
    const row = examinerStepRows(db, ctx.id, examiner.id).find((r) => r.step_id === step.id);
    const before = fieldsOf(row);
    const { next, action, extra } = compute(before, step, visible);
    if (row && same(before, next)) return; // pressing the same score twice changes nothing and says nothing
    upsertExaminerStep(
      db,
      {
        recordingId: ctx.id,
        raterId: examiner.id,
        rubricId: ctx.rubric.id,
        rubricVersion: ctx.rubric.version,
        stepId: step.id,
        at: nowIso(),
      },
      next,
    );
    appendAudit(db, {
      actor: examinerActor(examiner),
      action: locked ? `${action}_after_submit` : action,
      entity: 'step_score',
      entityId: `${ctx.id}/${examiner.id}/${step.id}`,
      before: row ? before : null,
      after: { ...next, ...extra, ...(locked ? { change_reason: ref.changeReason!.trim() } : {}) },
      suggestionVisible: visible,
    });
    // A change after submit moves the recording's status; before submit it is a no-op.
    refreshReviewStatuses(db);
  }).immediate();
  return loadMarkingState(db, ctx, examiner.id);
}

function changeOf(input: StepMarkInput): StepChange {
  if (input.score !== undefined) return { score: input.score };
  if (input.notAssessable !== undefined) return { notAssessable: input.notAssessable };
  if (input.clearNotAssessable) return { clearNotAssessable: true };
  if (input.comment !== undefined) return { comment: input.comment };
  throw new InvalidMarkError(input.stepId, 'nothing to change: give a score, not assessable, or a comment');
}

/** Sets a score, not assessable (with reason), clears it, or sets the comment of one step. */
export function setStepMark(db: Db, input: StepMarkInput): MarkingState {
  const change = changeOf(input);
  return writeStep(db, input, (before, step, visible) => ({
    next: applyChange(before, change, step, visible),
    action: 'step_mark',
  }));
}

/** A step whose only scores are 0 and full marks: there a verdict is a score. */
function isBinaryStep(step: RubricStep): boolean {
  return step.allowed_scores.length === 2 && step.allowed_scores[0] === 0;
}

/** Whether the model rater answered correct/error (its step scores then stand for a verdict, not points). */
function judgesCorrectError(db: Db, modelRaterId: number): boolean {
  const rater = raterById(db, modelRaterId);
  if (!rater) return false;
  try {
    return (JSON.parse(rater.config) as { task?: unknown }).task === 'binary';
  } catch {
    return false;
  }
}

/**
 * The examiner explicitly takes one model's suggestion for one step (only once suggestions are
 * visible). A suggested score becomes the score. A correct/error suggestion keeps the rubric's
 * meaning: it marks the step "model says correct" or "model says error" and leaves the score to
 * the examiner, except on a step scored only 0 or full marks, where the verdict is the score.
 */
export function takeSuggestion(
  db: Db,
  input: MarkingRef & { stepId: string; modelRaterId: number; changeReason?: string | undefined },
): MarkingState {
  return writeStep(db, input, (before, step, visible) => {
    if (!visible) throw new SuggestionsHiddenError();
    const s = modelScoreOf(db, input.recordingId, input.modelRaterId, step.id);
    if (!s || s.score === null)
      throw new NotFoundError(`A suggestion of model rater ${input.modelRaterId} for step '${step.id}'`);
    const extra = { model_rater_id: input.modelRaterId, run_id: s.run_id };
    if (!judgesCorrectError(db, input.modelRaterId)) {
      const next = applyChange(before, { score: s.score }, step, true);
      return { next: { ...next, from_suggestion: 1, model_verdict: null }, action: 'step_mark_from_suggestion', extra };
    }
    const verdict = s.score >= step.max_points - 1e-9 ? 'correct' : 'error';
    if (isBinaryStep(step)) {
      const next = applyChange(before, { score: verdict === 'correct' ? step.max_points : 0 }, step, true);
      return {
        next: { ...next, from_suggestion: 1, model_verdict: verdict },
        action: 'step_mark_from_suggestion',
        extra: { ...extra, verdict },
      };
    }
    // The score stays as the examiner left it (unset when not scored yet): a verdict is not a number of points.
    return {
      next: { ...before, suggestion_visible: 1, model_verdict: verdict },
      action: 'step_verdict_from_suggestion',
      extra: { ...extra, verdict },
    };
  });
}

/** A snapshot of every step for the audit trail: the proof of what was decided before and at each stage. */
function snapshot(db: Db, ctx: RecordingContext, raterId: number): Record<string, number | 'not assessable' | null> {
  const rows = new Map(examinerStepRows(db, ctx.id, raterId).map((r) => [r.step_id, r]));
  return Object.fromEntries(
    ctx.rubric.steps.map((s) => {
      const r = rows.get(s.id);
      return [s.id, r?.not_assessable === 1 ? 'not assessable' : (r?.score ?? null)];
    }),
  );
}

/** Ends the blind phase; refused until every step is scored or not assessable. */
export function revealSuggestions(db: Db, ref: MarkingRef): MarkingState {
  const ctx = loadRecordingContext(db, ref.recordingId);
  const examiner = getExaminer(db, ref.examinerId);
  db.transaction(() => {
    const marking = ensureMarking(db, ctx, examiner);
    if (marking.revealed_at) return;
    const missing = missingSteps(ctx.rubric, examinerStepRows(db, ctx.id, examiner.id));
    if (missing.length) throw new IncompleteMarkingError('reveal', missing);
    setMarkingRevealed(db, marking.id, nowIso());
    appendAudit(db, {
      actor: examinerActor(examiner),
      action: 'reveal_suggestions',
      entity: 'marking',
      entityId: marking.id,
      after: { blind_marks: snapshot(db, ctx, examiner.id) },
      suggestionVisible: !ctx.blindFirst,
    });
  }).immediate();
  return loadMarkingState(db, ctx, examiner.id);
}

/** Locks the marking; later changes need a reason. Refused until every step is scored or not assessable. */
export function submitMarking(db: Db, ref: MarkingRef): MarkingState {
  const ctx = loadRecordingContext(db, ref.recordingId);
  const examiner = getExaminer(db, ref.examinerId);
  db.transaction(() => {
    const marking = ensureMarking(db, ctx, examiner);
    if (marking.status === 'submitted') return;
    const missing = missingSteps(ctx.rubric, examinerStepRows(db, ctx.id, examiner.id));
    if (missing.length) throw new IncompleteMarkingError('submit', missing);
    setMarkingSubmitted(db, marking.id, nowIso());
    appendAudit(db, {
      actor: examinerActor(examiner),
      action: 'submit_marking',
      entity: 'marking',
      entityId: marking.id,
      after: { marks: snapshot(db, ctx, examiner.id), revealed: Boolean(marking.revealed_at) },
      suggestionVisible: suggestionsVisible(ctx, marking),
    });
    refreshReviewStatuses(db);
  }).immediate();
  return loadMarkingState(db, ctx, examiner.id);
}

/**
 * Sets the time span of a step in the recording: the examiner's own span, kept apart from other
 * examiners' as marks are, and the recording's span that clip scoring and feedback use (the latest
 * one set). A span is where something happened, not a judgment, so it is not locked by a submit.
 */
export function setStepSpan(
  db: Db,
  input: MarkingRef & { stepId: string; startS: number; endS: number },
): MarkingState {
  const ctx = loadRecordingContext(db, input.recordingId);
  const examiner = getExaminer(db, input.examinerId);
  const step = rubricStep(ctx, input.stepId);
  if (!(input.endS > input.startS)) throw new InvalidMarkError(step.id, 'a span must end after it starts');
  // Players report a duration a frame or so beyond the probed one; more than a second is a wrong time.
  if (input.endS > ctx.durationS + 1)
    throw new InvalidMarkError(step.id, `span end ${input.endS} s is after the recording ends (${ctx.durationS} s)`);
  db.transaction(() => {
    const old = spanOf(db, ctx.id, step.id);
    const before = old ? { start_s: old.start_s, end_s: old.end_s, rater_id: old.rater_id } : undefined;
    const at = nowIso();
    upsertSpan(db, {
      recording_id: ctx.id,
      step_id: step.id,
      start_s: input.startS,
      end_s: input.endS,
      rater_id: examiner.id,
      updated_at: at,
    });
    upsertExaminerSpan(db, {
      recording_id: ctx.id,
      step_id: step.id,
      rater_id: examiner.id,
      start_s: input.startS,
      end_s: input.endS,
      source: 'review',
      updated_at: at,
    });
    appendAudit(db, {
      actor: examinerActor(examiner),
      action: 'step_span',
      entity: 'step_span',
      entityId: `${ctx.id}/${step.id}`,
      before: before ?? null,
      after: { start_s: input.startS, end_s: input.endS, rater_id: examiner.id },
      suggestionVisible: suggestionsVisible(ctx, getMarkingRow(db, ctx.id, examiner.id)),
    });
  }).immediate();
  return loadMarkingState(db, ctx, examiner.id);
}
