/**
 * THE definition of a recording's final score per rubric step, used by reports, exports, trainee
 * feedback and the review screen, so "final" can never mean two things:
 *   1. an adjudication, when there is one;
 *   2. else the agreed score, when every submitted examiner marking of the recording agrees;
 *   3. else, when exactly one examiner submitted, that examiner's score;
 *   4. else nothing yet: the examiners disagree and the step awaits adjudication.
 * A step every examiner marked "not assessable" is final as not assessable and is left out of all
 * statistics. Model suggestions never enter a final score.
 */
import type { Db } from '../../db/connection';
import { examinerMarkingsIn, modelRaterCounts, submittedMarksIn } from '../../db/queries/marks';
import { adjudicationsIn } from '../../db/queries/adjudications';
import { recordingRubrics } from '../../db/queries/recordings';
import { scoresEqual } from '../../domain/rubric/ordinal';
import type { RubricStep } from '../../domain/rubric/types';
import type {
  ExaminerStepMark,
  FinalSource,
  FinalStep,
  RecordingFinals,
  RecordingStatusName as RecordingMarkingStatus,
} from '../../contract/reports';
import { createRubricLookup, type RubricLookup } from '../reports/rubric-lookup';

export type { ExaminerStepMark, FinalSource, FinalStep, RecordingFinals, RecordingMarkingStatus };

/** Resolves one step; `marks` are the submitted examiner markings' marks for it. */
export function resolveFinalStep(stepId: string, marks: readonly ExaminerStepMark[], adjudicated?: number): FinalStep {
  if (adjudicated !== undefined) return { stepId, state: 'final', score: adjudicated, source: 'adjudication' };
  if (marks.length === 0) return { stepId, state: 'unmarked' };
  const source: FinalSource = marks.length === 1 ? 'single-examiner' : 'agreed';
  const first = marks[0]!;
  const same = marks.every((m) =>
    m.score === null || first.score === null ? m.score === first.score : scoresEqual(m.score, first.score),
  );
  if (!same) return { stepId, state: 'disagreement', marks: [...marks] };
  return first.score === null
    ? { stepId, state: 'not_assessable', source }
    : { stepId, state: 'final', score: first.score, source };
}

/**
 * unmarked / suggestions ready: no examiner has submitted; marked by one: one submission, whose
 * scores are final; double-marked: two or more submissions that agree on every step; disagreement:
 * some step still awaits adjudication; final: two or more submissions whose differences have all
 * been adjudicated.
 */
export function recordingStatus(
  steps: readonly FinalStep[],
  submitted: number,
  modelRaters: number,
): { status: RecordingMarkingStatus; complete: boolean; disagreements: number; adjudicated: number } {
  const disagreements = steps.filter((s) => s.state === 'disagreement').length;
  const adjudicated = steps.filter((s) => s.state === 'final' && s.source === 'adjudication').length;
  const complete = steps.length > 0 && steps.every((s) => s.state === 'final' || s.state === 'not_assessable');
  let status: RecordingMarkingStatus;
  if (submitted === 0) status = modelRaters > 0 ? 'suggestions_ready' : 'unmarked';
  else if (submitted === 1) status = 'marked_by_one';
  else if (disagreements > 0) status = 'disagreement';
  else status = adjudicated > 0 ? 'final' : 'double_marked';
  return { status, complete, disagreements, adjudicated };
}

/** Raw rows the resolution needs, as read from the database (or built by a test). */
export interface FinalsInput {
  recordingId: number;
  rubricSteps: readonly Pick<RubricStep, 'id'>[];
  rubricId: string;
  rubricVersion: number;
  submittedExaminers: readonly number[];
  inProgressExaminers: number;
  modelRaters: number;
  /** Submitted examiners' step marks: stepId -> marks. Unscored (null, assessable) marks are left out. */
  marks: ReadonlyMap<string, ExaminerStepMark[]>;
  adjudications: ReadonlyMap<string, number>;
}

function resolveRecordingFinals(input: FinalsInput): RecordingFinals {
  const steps = input.rubricSteps.map((s) =>
    resolveFinalStep(s.id, input.marks.get(s.id) ?? [], input.adjudications.get(s.id)),
  );
  return {
    recordingId: input.recordingId,
    rubricId: input.rubricId,
    rubricVersion: input.rubricVersion,
    steps,
    submittedExaminers: [...input.submittedExaminers],
    inProgressExaminers: input.inProgressExaminers,
    modelRaters: input.modelRaters,
    ...recordingStatus(steps, input.submittedExaminers.length, input.modelRaters),
  };
}

/**
 * Final scores and status of the given recordings (all when `recordingIds` is omitted), read in a
 * handful of queries so a whole exam's worth stays fast.
 */
export function loadRecordingFinals(
  db: Db,
  recordingIds?: readonly number[],
  rubrics: RubricLookup = createRubricLookup(db),
): Map<number, RecordingFinals> {
  // Narrowed in SQL, so the review screen asking about one recording reads only its rows.
  const only = recordingIds ? [...new Set(recordingIds)] : null;
  const recordings = recordingRubrics(db, only ?? undefined);

  const submitted = new Map<number, number[]>();
  const inProgress = new Map<number, number>();
  for (const m of examinerMarkingsIn(db, only)) {
    if (m.status === 'submitted') push(submitted, m.recording_id, m.rater_id);
    else inProgress.set(m.recording_id, (inProgress.get(m.recording_id) ?? 0) + 1);
  }

  const marks = new Map<number, Map<string, ExaminerStepMark[]>>();
  for (const s of submittedMarksIn(db, only)) {
    if (s.not_assessable !== 1 && s.score === null) continue;
    let byStep = marks.get(s.recording_id);
    if (!byStep) marks.set(s.recording_id, (byStep = new Map()));
    push(byStep, s.step_id, { raterId: s.rater_id, score: s.not_assessable === 1 ? null : s.score });
  }

  const adjudications = new Map<number, Map<string, number>>();
  for (const a of adjudicationsIn(db, only)) {
    let byStep = adjudications.get(a.recording_id);
    if (!byStep) adjudications.set(a.recording_id, (byStep = new Map()));
    byStep.set(a.step_id, a.final_score);
  }

  const modelRaters = new Map<number, number>(modelRaterCounts(db, only).map((m) => [m.recording_id, m.n]));

  const out = new Map<number, RecordingFinals>();
  for (const r of recordings) {
    const rubric = rubrics.get(r.rubric_id, r.rubric_version);
    out.set(
      r.id,
      resolveRecordingFinals({
        recordingId: r.id,
        rubricId: r.rubric_id,
        rubricVersion: r.rubric_version,
        rubricSteps: rubric.steps,
        submittedExaminers: submitted.get(r.id) ?? [],
        inProgressExaminers: inProgress.get(r.id) ?? 0,
        modelRaters: modelRaters.get(r.id) ?? 0,
        marks: marks.get(r.id) ?? new Map(),
        adjudications: adjudications.get(r.id) ?? new Map(),
      }),
    );
  }
  return out;
}

/** One recording's final scores and status; undefined for an unknown recording. */
export function getRecordingFinals(db: Db, recordingId: number): RecordingFinals | undefined {
  return loadRecordingFinals(db, [recordingId]).get(recordingId);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
