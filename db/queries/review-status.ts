/**
 * Each recording's stored review status (`recording_review_status`). The status itself is defined
 * in services/review/final-scores.ts; triggers set it to NULL (stale) whenever a mark, marking,
 * adjudication or suggestion it depends on changes, and services write the recomputed value back.
 * Statuses are the contract's RecordingStatusName values (the table's CHECK lists them).
 */
import type { Db } from '../connection';

/** Up to `limit` recordings whose stored status is stale, lowest id first. */
export const staleReviewStatusIds = (db: Db, limit: number): number[] =>
  db
    .prepare('SELECT recording_id FROM recording_review_status WHERE status IS NULL ORDER BY recording_id LIMIT ?')
    .pluck()
    .all(limit) as number[];

export const anyStaleReviewStatus = (db: Db): boolean =>
  db.prepare('SELECT 1 FROM recording_review_status WHERE status IS NULL LIMIT 1').get() !== undefined;

export function saveReviewStatuses(db: Db, rows: readonly { id: number; status: string }[]): void {
  const save = db.prepare(
    `INSERT INTO recording_review_status (recording_id, status) VALUES (?, ?)
     ON CONFLICT(recording_id) DO UPDATE SET status = excluded.status`,
  );
  for (const r of rows) save.run(r.id, r.status);
}

/** Marks every recording's status stale and gives any recording without a row one (a database put in place whole). */
export function markAllReviewStatusesStale(db: Db): void {
  db.exec(`UPDATE recording_review_status SET status = NULL;
    INSERT INTO recording_review_status (recording_id, status)
    SELECT id, NULL FROM recordings WHERE id NOT IN (SELECT recording_id FROM recording_review_status)`);
}

/** The stored status of every recording, stale ones as null. */
export const storedReviewStatuses = (db: Db): Map<number, string | null> =>
  new Map(
    db.prepare('SELECT recording_id, status FROM recording_review_status').raw().all() as [number, string | null][],
  );
