/**
 * Double marking: each examiner sees only their own marks until two have submitted; then the
 * steps where they differ are listed and an adjudicator sets a final score per step with a reason.
 * "Differ" and "final" come from services/review/final-scores.ts, the one definition of final scores.
 */
import type { Db } from '../../db/connection';
import { examinerMarkingsOf, submittedMarksOf } from '../../db/queries/marks';
import { adjudicationOf, adjudicationsOf, upsertAdjudication } from '../../db/queries/adjudications';
import type { Discrepancy, DoubleMarkingView, FinalsView, MarkingStatus, OtherExaminer } from '../../contract/review';
import { failsCriticalStep } from '../../domain/rubric/ordinal';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { refreshReviewStatuses } from './review-status';
import { getRecordingFinals, resolveFinalStep, type ExaminerStepMark } from './final-scores';
import { adjudicationBarrier, assertMayAdjudicate } from './duties';
import { NotAdjudicableError } from './errors';
import { examinerActor, getExaminer } from './examiners';
import { checkedScore, type MarkingRef } from './marking';
import { getMarkingRow, loadRecordingContext, rubricStep, suggestionsVisible, type RecordingContext } from './store';

const examinerMarkings = examinerMarkingsOf;

/** Submitted examiners' marks per step (not assessable as null), as final-scores expects them. */
function submittedMarks(db: Db, recordingId: number): Map<string, ExaminerStepMark[]> {
  const rows = submittedMarksOf(db, recordingId);
  const out = new Map<string, ExaminerStepMark[]>();
  for (const r of rows) {
    const list = out.get(r.step_id) ?? [];
    list.push({ raterId: r.rater_id, score: r.not_assessable === 1 ? null : r.score });
    out.set(r.step_id, list);
  }
  return out;
}

function adjudications(db: Db, recordingId: number) {
  const rows = adjudicationsOf(db, recordingId);
  return new Map(rows.map((r) => [r.step_id, r]));
}

/** Steps where submitted examiners differ, whether or not they have been adjudicated since. */
function discrepancies(db: Db, ctx: RecordingContext): Discrepancy[] {
  const marks = submittedMarks(db, ctx.id);
  const names = new Map(examinerMarkings(db, ctx.id).map((m) => [m.rater_id, m.name]));
  const adjudicated = adjudications(db, ctx.id);
  const out: Discrepancy[] = [];
  for (const step of ctx.rubric.steps) {
    const stepMarks = marks.get(step.id) ?? [];
    if (resolveFinalStep(step.id, stepMarks).state !== 'disagreement') continue;
    const a = adjudicated.get(step.id);
    out.push({
      stepId: step.id,
      marks: stepMarks.map((m) => ({
        examinerId: m.raterId,
        examinerName: names.get(m.raterId) ?? `examiner ${m.raterId}`,
        score: m.score,
      })),
      adjudication: a
        ? { finalScore: a.final_score, reason: a.reason, adjudicatorName: a.adjudicator_name, at: a.created_at }
        : null,
    });
  }
  return out;
}

function finalsView(db: Db, ctx: RecordingContext): FinalsView | null {
  const finals = getRecordingFinals(db, ctx.id);
  if (!finals) return null;
  const byId = new Map(ctx.rubric.steps.map((s) => [s.id, s]));
  let total = 0;
  let maxTotal = 0;
  const failedCritical: FinalsView['failedCritical'] = [];
  const steps = finals.steps.map((f) => {
    const step = byId.get(f.stepId)!;
    if (f.state !== 'not_assessable') maxTotal += step.max_points;
    if (f.state === 'final') {
      total += f.score;
      if (failsCriticalStep(step, f.score)) failedCritical.push({ stepId: step.id, title: step.title, score: f.score });
    }
    return {
      stepId: f.stepId,
      state: f.state,
      score: f.state === 'final' ? f.score : null,
      source: f.state === 'final' || f.state === 'not_assessable' ? f.source : null,
    };
  });
  return {
    status: finals.status,
    complete: finals.complete,
    steps,
    total: finals.complete ? total : null,
    maxTotal,
    failedCritical,
  };
}

/**
 * What the viewer may see of other examiners. Others' marks, and the finals made from them, stay
 * hidden until the viewer has submitted their own marking, so no marker is anchored by another.
 * An examiner who has not marked the recording sees them only when they choose to adjudicate
 * instead of marking (`adjudicating`). Finals exist only once two examiners have submitted: one
 * examiner's marks are that examiner's, not yet the recording's final scores.
 */
export function loadDoubleMarking(
  db: Db,
  ctx: RecordingContext,
  viewerId: number,
  viewerStatus: MarkingStatus,
  adjudicating = false,
): DoubleMarkingView {
  const all = examinerMarkings(db, ctx.id);
  const submittedCount = all.filter((m) => m.status === 'submitted').length;
  const others: OtherExaminer[] = all
    .filter((m) => m.rater_id !== viewerId)
    .map((m) => ({ id: m.rater_id, name: m.name, status: m.status }));
  const othersVisible =
    submittedCount >= 2 && (viewerStatus === 'submitted' || (viewerStatus === 'not_started' && adjudicating));
  return {
    others,
    submittedCount,
    othersVisible,
    adjudicationBarrier: adjudicationBarrier(db, ctx.id, viewerId),
    discrepancies: othersVisible ? discrepancies(db, ctx) : null,
    finals: othersVisible ? finalsView(db, ctx) : null,
  };
}

/** Sets (or replaces, with its own reason) the final score of a step the submitted examiners differ on. */
export function adjudicateStep(
  db: Db,
  input: MarkingRef & { stepId: string; finalScore: number; reason: string },
): void {
  const ctx = loadRecordingContext(db, input.recordingId);
  const adjudicator = getExaminer(db, input.examinerId);
  const step = rubricStep(ctx, input.stepId);
  const finalScore = checkedScore(step, input.finalScore);
  const reason = input.reason.trim();
  if (!reason) throw new NotAdjudicableError('An adjudication needs a reason.');
  assertMayAdjudicate(db, ctx.id, adjudicator, step.id);
  db.transaction(() => {
    const own = getMarkingRow(db, ctx.id, adjudicator.id);
    const view = loadDoubleMarking(db, ctx, adjudicator.id, own?.status ?? 'not_started', true);
    if (!view.othersVisible) {
      throw new NotAdjudicableError(
        own?.status === 'in_progress'
          ? 'Submit your own marking first: adjudication shows the other examiners\u2019 marks.'
          : 'Adjudication needs two submitted markings of this recording.',
      );
    }
    if (!view.discrepancies!.some((d) => d.stepId === step.id)) {
      throw new NotAdjudicableError(`The examiners agree on "${step.title}"; there is nothing to adjudicate.`);
    }
    const old = adjudicationOf(db, ctx.id, step.id);
    const before = old
      ? { final_score: old.final_score, reason: old.reason, adjudicator_id: old.adjudicator_id }
      : undefined;
    upsertAdjudication(db, {
      recording_id: ctx.id,
      rubric_id: ctx.rubric.id,
      rubric_version: ctx.rubric.version,
      step_id: step.id,
      final_score: finalScore,
      reason,
      adjudicator_id: adjudicator.id,
      created_at: nowIso(),
    });
    appendAudit(db, {
      actor: examinerActor(adjudicator),
      action: 'adjudicate',
      entity: 'adjudication',
      entityId: `${ctx.id}/${step.id}`,
      before: before ?? null,
      after: { final_score: finalScore, reason, adjudicator_id: adjudicator.id },
      suggestionVisible: suggestionsVisible(ctx, own),
    });
    refreshReviewStatuses(db);
  }).immediate();
}
