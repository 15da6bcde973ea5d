/** Adjudications of steps the examiners disagree on, and the lead examiners who may make them. */
import type { Db } from '../connection';

import { idsCondition } from './id-list';

export interface AdjudicationRow {
  id: number;
  recording_id: number;
  rubric_id: string;
  rubric_version: number;
  step_id: string;
  final_score: number;
  reason: string;
  adjudicator_id: number | null;
  created_at: string;
}

export const adjudicationOf = (db: Db, recordingId: number, stepId: string): AdjudicationRow | undefined =>
  db.prepare('SELECT * FROM adjudications WHERE recording_id = ? AND step_id = ?').get(recordingId, stepId) as
    AdjudicationRow | undefined;

/** A recording's adjudications with the adjudicator's name. */
export const adjudicationsOf = (
  db: Db,
  recordingId: number,
): (AdjudicationRow & { adjudicator_name: string | null })[] =>
  db
    .prepare(
      `SELECT a.*, ra.name AS adjudicator_name FROM adjudications a LEFT JOIN raters ra ON ra.id = a.adjudicator_id WHERE a.recording_id = ?`,
    )
    .all(recordingId) as (AdjudicationRow & { adjudicator_name: string | null })[];

/** Adjudications of all recordings (or only these), in recording and step order. */
export const adjudicationsIn = (db: Db, only: readonly number[] | null): AdjudicationRow[] => {
  const where = idsCondition('recording_id', only);
  return db
    .prepare(`SELECT * FROM adjudications WHERE ${where.sql} ORDER BY recording_id, step_id`)
    .all(where.params) as AdjudicationRow[];
};

export function upsertAdjudication(db: Db, a: Omit<AdjudicationRow, 'id'>): void {
  db.prepare(
    `INSERT INTO adjudications (recording_id, rubric_id, rubric_version, step_id, final_score, reason, adjudicator_id, created_at)
     VALUES (@recording_id, @rubric_id, @rubric_version, @step_id, @final_score, @reason, @adjudicator_id, @created_at)
     ON CONFLICT(recording_id, step_id) DO UPDATE SET final_score = excluded.final_score, reason = excluded.reason,
       adjudicator_id = excluded.adjudicator_id, created_at = excluded.created_at`,
  ).run(a);
}

/** A bundle's decision: an adjudication as the other workstation has it, its adjudicator included. */
export function setAdjudicationOutcome(
  db: Db,
  recordingId: number,
  stepId: string,
  outcome: { finalScore: number; reason: string; adjudicatorId: number | null },
): void {
  db.prepare(
    'UPDATE adjudications SET final_score = ?, reason = ?, adjudicator_id = ? WHERE recording_id = ? AND step_id = ?',
  ).run(outcome.finalScore, outcome.reason, outcome.adjudicatorId, recordingId, stepId);
}

// ---- lead examiners of a session

export const leadExaminersOf = (db: Db, sessionId: number): { id: number; name: string }[] =>
  db
    .prepare(
      `SELECT ra.id, ra.name FROM session_roles r JOIN raters ra ON ra.id = r.rater_id
       WHERE r.session_id = ? AND r.role = 'lead_examiner' ORDER BY ra.name`,
    )
    .all(sessionId) as { id: number; name: string }[];

/** True when something changed. */
export const addLeadExaminer = (db: Db, sessionId: number, raterId: number, at: string): boolean =>
  db
    .prepare(
      `INSERT OR IGNORE INTO session_roles (session_id, rater_id, role, assigned_at) VALUES (?, ?, 'lead_examiner', ?)`,
    )
    .run(sessionId, raterId, at).changes > 0;

export const removeLeadExaminer = (db: Db, sessionId: number, raterId: number): boolean =>
  db
    .prepare(`DELETE FROM session_roles WHERE session_id = ? AND rater_id = ? AND role = 'lead_examiner'`)
    .run(sessionId, raterId).changes > 0;
