/**
 * Marks: each examiner's marking of a recording, step scores of every rater (examiners and model
 * configurations alike, see raters.ts), step time spans, adjudications and the lead examiners of a
 * session. Row shapes are the tables' own columns.
 */
import type { Db } from '../connection';

import { idsCondition } from './id-list';

const ids = (list: Iterable<number>) => JSON.stringify([...list]);

// ---- markings

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

export const markingRow = (db: Db, recordingId: number, raterId: number): MarkingRow | undefined =>
  db.prepare('SELECT * FROM markings WHERE recording_id = ? AND rater_id = ?').get(recordingId, raterId) as
    MarkingRow | undefined;

export const insertMarking = (db: Db, m: Omit<MarkingRow, 'id'>): number =>
  Number(
    db
      .prepare(
        `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, revealed_at, submitted_at, created_at)
         VALUES (@recording_id, @rater_id, @rubric_id, @rubric_version, @status, @revealed_at, @submitted_at, @created_at)`,
      )
      .run(m).lastInsertRowid,
  );

export function setMarkingRevealed(db: Db, id: number, at: string): void {
  db.prepare('UPDATE markings SET revealed_at = ? WHERE id = ?').run(at, id);
}

export function setMarkingSubmitted(db: Db, id: number, at: string): void {
  db.prepare(`UPDATE markings SET status = 'submitted', submitted_at = ? WHERE id = ?`).run(at, id);
}

/** A bundle's decision: the marking's state as the other workstation has it. */
export function setMarkingState(
  db: Db,
  recordingId: number,
  raterId: number,
  m: Pick<MarkingRow, 'status' | 'revealed_at' | 'submitted_at'>,
): void {
  db.prepare(
    'UPDATE markings SET status = ?, revealed_at = ?, submitted_at = ? WHERE recording_id = ? AND rater_id = ?',
  ).run(m.status, m.revealed_at, m.submitted_at, recordingId, raterId);
}

/** The examiners with a marking of a recording, in the order they submitted (or started). */
export const examinerMarkingsOf = (
  db: Db,
  recordingId: number,
): { rater_id: number; name: string; status: MarkingRow['status'] }[] =>
  db
    .prepare(
      `SELECT m.rater_id, ra.name, m.status FROM markings m JOIN raters ra ON ra.id = m.rater_id AND ra.kind = 'examiner'
       WHERE m.recording_id = ? ORDER BY coalesce(m.submitted_at, m.created_at), m.id`,
    )
    .all(recordingId) as { rater_id: number; name: string; status: MarkingRow['status'] }[];

/** Examiner markings of all recordings (or only these), in submission order per recording. */
export const examinerMarkingsIn = (
  db: Db,
  only: readonly number[] | null,
): { recording_id: number; rater_id: number; status: MarkingRow['status']; at: string }[] => {
  const where = idsCondition('m.recording_id', only);
  return db
    .prepare(
      `SELECT m.recording_id, m.rater_id, m.status, coalesce(m.submitted_at, m.created_at) AS at FROM markings m
       JOIN raters ra ON ra.id = m.rater_id
       WHERE ra.kind = 'examiner' AND ${where.sql}
       ORDER BY m.recording_id, at, m.id`,
    )
    .all(where.params) as {
    recording_id: number;
    rater_id: number;
    status: MarkingRow['status'];
    at: string;
  }[];
};

/** One examiner's marking status of each of these recordings. */
export const markingStatusesOf = (
  db: Db,
  raterId: number,
  recordingIds: readonly number[],
): { recording_id: number; status: MarkingRow['status'] }[] =>
  db
    .prepare(
      `SELECT recording_id, status FROM markings WHERE rater_id = ? AND recording_id IN (SELECT value FROM json_each(?))`,
    )
    .all(raterId, ids(recordingIds)) as { recording_id: number; status: MarkingRow['status'] }[];

/** How many examiners submitted, and how many are still marking, each of these recordings (one page of a list). */
export const markingCountsIn = (
  db: Db,
  recordingIds: readonly number[],
): { recording_id: number; submitted: number; in_progress: number }[] =>
  db
    .prepare(
      `SELECT recording_id, sum(status = 'submitted') AS submitted, sum(status = 'in_progress') AS in_progress
         FROM markings WHERE recording_id IN (SELECT value FROM json_each(?)) GROUP BY recording_id`,
    )
    .all(ids(recordingIds)) as { recording_id: number; submitted: number; in_progress: number }[];

/** The status of a named examiner's marking of a recording, if there is one. */
export const examinerMarkingStatus = (db: Db, recordingId: number, examinerName: string): string | undefined =>
  db
    .prepare(
      `SELECT m.status FROM markings m JOIN raters ra ON ra.id = m.rater_id WHERE m.recording_id = ? AND ra.kind = 'examiner' AND ra.name = ?`,
    )
    .pluck()
    .get(recordingId, examinerName) as string | undefined;

/** (recording, rater) pairs of every marking in a session. */
export const markingPairsOfSession = (db: Db, sessionId: number): [number, number][] =>
  db
    .prepare(
      `SELECT DISTINCT m.recording_id, m.rater_id FROM markings m JOIN recordings r ON r.id = m.recording_id WHERE r.session_id = ?`,
    )
    .raw()
    .all(sessionId) as [number, number][];

// ---- step scores

export interface StepScoreRow {
  id: number;
  recording_id: number;
  rater_id: number;
  rubric_id: string;
  rubric_version: number;
  step_id: string;
  score: number | null;
  blind_score: number | null;
  not_assessable: number;
  not_assessable_reason: string | null;
  comment: string | null;
  source: 'examiner' | 'model' | 'import';
  run_id: number | null;
  suggestion_visible: number;
  from_suggestion: number;
  /** A correct/error suggestion the examiner accepted: the model's verdict, kept beside the examiner's score. */
  model_verdict: 'correct' | 'error' | null;
  updated_at: string;
}

/** A new row of a rater's step scores (an accepted verdict is only ever set by an examiner's change). */
export type NewStepScore = Omit<StepScoreRow, 'id' | 'model_verdict'>;

/** The fields an examiner's change moves. */
export type ExaminerStepFields = Pick<
  StepScoreRow,
  | 'score'
  | 'blind_score'
  | 'not_assessable'
  | 'not_assessable_reason'
  | 'comment'
  | 'suggestion_visible'
  | 'from_suggestion'
  | 'model_verdict'
>;

export const examinerStepRows = (db: Db, recordingId: number, raterId: number): StepScoreRow[] =>
  db
    .prepare(`SELECT * FROM step_scores WHERE recording_id = ? AND rater_id = ? AND source = 'examiner'`)
    .all(recordingId, raterId) as StepScoreRow[];

export function insertStepScore(db: Db, s: NewStepScore): void {
  db.prepare(
    `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, blind_score, not_assessable,
       not_assessable_reason, comment, source, run_id, suggestion_visible, from_suggestion, updated_at)
     VALUES (@recording_id, @rater_id, @rubric_id, @rubric_version, @step_id, @score, @blind_score, @not_assessable,
       @not_assessable_reason, @comment, @source, @run_id, @suggestion_visible, @from_suggestion, @updated_at)`,
  ).run(s);
}

/** An empty step score row of a rater, to be filled in by the caller. */
export const blankStepScore = (
  ref: Pick<
    StepScoreRow,
    'recording_id' | 'rater_id' | 'rubric_id' | 'rubric_version' | 'step_id' | 'source' | 'updated_at'
  >,
): NewStepScore => ({
  ...ref,
  score: null,
  blind_score: null,
  not_assessable: 0,
  not_assessable_reason: null,
  comment: null,
  run_id: null,
  suggestion_visible: 0,
  from_suggestion: 0,
});

export function upsertExaminerStep(
  db: Db,
  ref: { recordingId: number; raterId: number; rubricId: string; rubricVersion: number; stepId: string; at: string },
  f: ExaminerStepFields,
): void {
  db.prepare(
    `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, blind_score, not_assessable,
       not_assessable_reason, comment, source, suggestion_visible, from_suggestion, model_verdict, updated_at)
     VALUES (@rec, @rater, @rid, @rv, @step, @score, @blind_score, @not_assessable, @not_assessable_reason, @comment, 'examiner',
       @suggestion_visible, @from_suggestion, @model_verdict, @now)
     ON CONFLICT(recording_id, rater_id, step_id) DO UPDATE SET
       score = excluded.score, blind_score = excluded.blind_score, not_assessable = excluded.not_assessable,
       not_assessable_reason = excluded.not_assessable_reason, comment = excluded.comment,
       suggestion_visible = excluded.suggestion_visible, from_suggestion = excluded.from_suggestion,
       model_verdict = excluded.model_verdict, updated_at = excluded.updated_at`,
  ).run({
    rec: ref.recordingId,
    rater: ref.raterId,
    rid: ref.rubricId,
    rv: ref.rubricVersion,
    step: ref.stepId,
    ...f,
    now: ref.at,
  });
}

/** A bundle's decision: one step score as the other workstation has it. */
export function setStepScoreFields(
  db: Db,
  recordingId: number,
  raterId: number,
  stepId: string,
  f: Pick<
    StepScoreRow,
    'score' | 'blind_score' | 'not_assessable' | 'not_assessable_reason' | 'comment' | 'updated_at'
  >,
): void {
  db.prepare(
    `UPDATE step_scores SET score = @score, blind_score = @blind_score, not_assessable = @not_assessable,
       not_assessable_reason = @not_assessable_reason, comment = @comment, updated_at = @updated_at
     WHERE recording_id = @recordingId AND rater_id = @raterId AND step_id = @stepId`,
  ).run({ ...f, recordingId, raterId, stepId });
}

/** Deletes a rater's scores of these recordings; returns how many there were. */
export const deleteRaterScores = (db: Db, raterId: number, recordingIds: readonly number[]): number =>
  db
    .prepare(`DELETE FROM step_scores WHERE rater_id = ? AND recording_id IN (SELECT value FROM json_each(?))`)
    .run(raterId, ids(recordingIds)).changes;

/** Removes a model rater's suggestions for a recording on steps outside `keep`. */
export function deleteModelScoresExcept(db: Db, recordingId: number, raterId: number, keep: readonly string[]): void {
  db.prepare(
    `DELETE FROM step_scores WHERE recording_id = ? AND rater_id = ? AND source = 'model'
       AND step_id NOT IN (SELECT value FROM json_each(?))`,
  ).run(recordingId, raterId, JSON.stringify(keep));
}

/**
 * A model rater's suggestion for one step, from one run: a score, or (score null) a step the model
 * was not asked because it cannot be judged from what was sent, with the reason.
 */
export function upsertModelScore(
  db: Db,
  s: Pick<
    StepScoreRow,
    | 'recording_id'
    | 'rater_id'
    | 'rubric_id'
    | 'rubric_version'
    | 'step_id'
    | 'score'
    | 'comment'
    | 'run_id'
    | 'updated_at'
  > &
    Partial<Pick<StepScoreRow, 'not_assessable' | 'not_assessable_reason'>>,
): void {
  db.prepare(
    `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, not_assessable,
       not_assessable_reason, comment, source, run_id, updated_at)
     VALUES (@recording_id, @rater_id, @rubric_id, @rubric_version, @step_id, @score, @not_assessable,
       @not_assessable_reason, @comment, 'model', @run_id, @updated_at)
     ON CONFLICT(recording_id, rater_id, step_id) DO UPDATE SET
       rubric_id = excluded.rubric_id, rubric_version = excluded.rubric_version, score = excluded.score,
       not_assessable = excluded.not_assessable, not_assessable_reason = excluded.not_assessable_reason,
       comment = excluded.comment, source = 'model', run_id = excluded.run_id, updated_at = excluded.updated_at`,
  ).run({ not_assessable: 0, not_assessable_reason: null, ...s });
}

/** How a model rater's suggestions for a recording relate to one run: how many came from another, how many from it. */
export function modelScoresAgainstRun(
  db: Db,
  recordingId: number,
  raterId: number,
  runId: number,
): { fromOthers: number; fromRun: number } {
  const fromOthers = db
    .prepare(
      `SELECT count(*) FROM step_scores WHERE recording_id = ? AND rater_id = ? AND source = 'model' AND run_id IS NOT ?`,
    )
    .pluck()
    .get(recordingId, raterId, runId) as number;
  const fromRun = db
    .prepare(`SELECT count(*) FROM step_scores WHERE recording_id = ? AND rater_id = ? AND run_id = ?`)
    .pluck()
    .get(recordingId, raterId, runId) as number;
  return { fromOthers, fromRun };
}

/** Submitted examiner marks of a recording (scored or not assessable), in submission order. */
export const submittedMarksOf = (
  db: Db,
  recordingId: number,
): Pick<StepScoreRow, 'rater_id' | 'step_id' | 'score' | 'not_assessable'>[] =>
  db
    .prepare(
      `SELECT s.rater_id, s.step_id, s.score, s.not_assessable FROM step_scores s
       JOIN markings m ON m.recording_id = s.recording_id AND m.rater_id = s.rater_id AND m.status = 'submitted'
       JOIN raters ra ON ra.id = s.rater_id AND ra.kind = 'examiner'
       WHERE s.recording_id = ? AND (s.score IS NOT NULL OR s.not_assessable = 1)
       ORDER BY coalesce(m.submitted_at, m.created_at), m.id`,
    )
    .all(recordingId) as Pick<StepScoreRow, 'rater_id' | 'step_id' | 'score' | 'not_assessable'>[];

/** Submitted examiner marks of all recordings (or only these). */
export const submittedMarksIn = (
  db: Db,
  only: readonly number[] | null,
): Pick<StepScoreRow, 'recording_id' | 'rater_id' | 'step_id' | 'score' | 'not_assessable'>[] => {
  const where = idsCondition('s.recording_id', only);
  return db
    .prepare(
      `SELECT s.recording_id, s.rater_id, s.step_id, s.score, s.not_assessable
       FROM step_scores s
       JOIN markings m ON m.recording_id = s.recording_id AND m.rater_id = s.rater_id AND m.status = 'submitted'
       JOIN raters ra ON ra.id = s.rater_id AND ra.kind = 'examiner'
       WHERE ${where.sql}
       ORDER BY s.recording_id, s.rater_id`,
    )
    .all(where.params) as Pick<StepScoreRow, 'recording_id' | 'rater_id' | 'step_id' | 'score' | 'not_assessable'>[];
};

/** How many model configurations (raters) have suggestions for each recording. */
export const modelRaterCounts = (db: Db, only: readonly number[] | null): { recording_id: number; n: number }[] => {
  const where = idsCondition('s.recording_id', only);
  return db
    .prepare(
      `SELECT s.recording_id, count(DISTINCT s.rater_id) AS n FROM step_scores s JOIN raters ra ON ra.id = s.rater_id
       WHERE ra.kind = 'model' AND ${where.sql} GROUP BY s.recording_id`,
    )
    .all(where.params) as { recording_id: number; n: number }[];
};

/** A yes/no: some model configuration has suggestions for the recording. */
export const hasModelScores = (db: Db, recordingId: number): boolean =>
  db
    .prepare(
      `SELECT 1 FROM step_scores s JOIN raters ra ON ra.id = s.rater_id WHERE s.recording_id = ? AND ra.kind = 'model' LIMIT 1`,
    )
    .get(recordingId) !== undefined;

/** One model rater's score for one step, and the run it came from. */
export const modelScoreOf = (
  db: Db,
  recordingId: number,
  modelRaterId: number,
  stepId: string,
): Pick<StepScoreRow, 'score' | 'run_id'> | undefined =>
  db
    .prepare(
      `SELECT s.score, s.run_id FROM step_scores s JOIN raters ra ON ra.id = s.rater_id AND ra.kind = 'model'
       WHERE s.recording_id = ? AND s.rater_id = ? AND s.step_id = ?`,
    )
    .get(recordingId, modelRaterId, stepId) as Pick<StepScoreRow, 'score' | 'run_id'> | undefined;

/** Examiner marks as the audit replay compares them: all, or one (recording, rater) pair's. */
export type MarkFactRow = Pick<
  StepScoreRow,
  'recording_id' | 'rater_id' | 'step_id' | 'score' | 'blind_score' | 'not_assessable'
>;

export function examinerMarkFacts(db: Db, pair?: [recordingId: number, raterId: number]): MarkFactRow[] {
  const sql = `SELECT s.recording_id, s.rater_id, s.step_id, s.score, s.blind_score, s.not_assessable FROM step_scores s
    JOIN raters ra ON ra.id = s.rater_id AND ra.kind = 'examiner'`;
  if (pair)
    return db
      .prepare(`${sql} WHERE s.recording_id = ? AND s.rater_id = ? ORDER BY s.step_id`)
      .all(...pair) as MarkFactRow[];
  return db.prepare(`${sql} ORDER BY s.recording_id, s.rater_id, s.step_id`).all() as MarkFactRow[];
}
