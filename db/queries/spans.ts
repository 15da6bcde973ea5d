/** Where each rubric step happens in a recording: one span per step, used by clip scoring and feedback. */
import type { Db } from '../connection';

const ids = (list: Iterable<number>) => JSON.stringify([...list]);

export interface StepSpanRow {
  recording_id: number;
  step_id: string;
  start_s: number;
  end_s: number;
  rater_id: number | null;
  updated_at: string;
}

export const spansOf = (db: Db, recordingId: number): StepSpanRow[] =>
  db.prepare('SELECT * FROM step_spans WHERE recording_id = ? ORDER BY start_s').all(recordingId) as StepSpanRow[];

export const spansIn = (db: Db, recordingIds: readonly number[]): StepSpanRow[] =>
  db
    .prepare('SELECT * FROM step_spans WHERE recording_id IN (SELECT value FROM json_each(?))')
    .all(ids(recordingIds)) as StepSpanRow[];

export const spanOf = (db: Db, recordingId: number, stepId: string): StepSpanRow | undefined =>
  db.prepare('SELECT * FROM step_spans WHERE recording_id = ? AND step_id = ?').get(recordingId, stepId) as
    StepSpanRow | undefined;

export function upsertSpan(db: Db, s: StepSpanRow): void {
  db.prepare(
    `INSERT INTO step_spans (recording_id, step_id, start_s, end_s, rater_id, updated_at)
     VALUES (@recording_id, @step_id, @start_s, @end_s, @rater_id, @updated_at)
     ON CONFLICT(recording_id, step_id) DO UPDATE SET start_s = excluded.start_s, end_s = excluded.end_s,
       rater_id = excluded.rater_id, updated_at = excluded.updated_at`,
  ).run(s);
}

/** A bundle's decision: a span's times as the other workstation has them. */
export function setSpanTimes(
  db: Db,
  recordingId: number,
  stepId: string,
  startS: number,
  endS: number,
  at: string,
): void {
  db.prepare('UPDATE step_spans SET start_s = ?, end_s = ?, updated_at = ? WHERE recording_id = ? AND step_id = ?').run(
    startS,
    endS,
    at,
    recordingId,
    stepId,
  );
}

// ---- each examiner's own spans (the span above is the latest any examiner set)

export interface ExaminerSpanRow {
  recording_id: number;
  step_id: string;
  rater_id: number;
  start_s: number;
  end_s: number;
  source: 'review' | 'import';
  updated_at: string;
}

export const examinerSpansOf = (db: Db, recordingId: number, raterId: number): ExaminerSpanRow[] =>
  db
    .prepare('SELECT * FROM examiner_spans WHERE recording_id = ? AND rater_id = ? ORDER BY start_s')
    .all(recordingId, raterId) as ExaminerSpanRow[];

export function upsertExaminerSpan(db: Db, s: ExaminerSpanRow): void {
  db.prepare(
    `INSERT INTO examiner_spans (recording_id, step_id, rater_id, start_s, end_s, source, updated_at)
     VALUES (@recording_id, @step_id, @rater_id, @start_s, @end_s, @source, @updated_at)
     ON CONFLICT(recording_id, step_id, rater_id) DO UPDATE SET start_s = excluded.start_s, end_s = excluded.end_s,
       source = excluded.source, updated_at = excluded.updated_at`,
  ).run(s);
}

/** How many steps of each recording have a span (clip scoring's readiness), for a page of the review list. */
export const spanCountsIn = (db: Db, recordingIds: readonly number[]): { recording_id: number; n: number }[] =>
  db
    .prepare(
      `SELECT recording_id, count(*) AS n FROM step_spans WHERE recording_id IN (SELECT value FROM json_each(?))
       GROUP BY recording_id`,
    )
    .all(ids(recordingIds)) as { recording_id: number; n: number }[];

/** (recording, step) of every span an examiner has, as "recording\0step" keys. */
export const examinerSpanKeys = (db: Db, raterId: number): Set<string> =>
  new Set(
    (
      db.prepare('SELECT recording_id, step_id FROM examiner_spans WHERE rater_id = ?').raw().all(raterId) as [
        number,
        string,
      ][]
    ).map(([r, s]) => `${r}\u0000${s}`),
  );
