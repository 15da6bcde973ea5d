/**
 * The stored review status of each recording (db/queries/review-status.ts), so the review list
 * filters and pages in SQL. Triggers mark a recording stale in the same transaction as any change
 * its status depends on; every service that writes such a change calls `refreshReviewStatuses`
 * before its transaction commits, so what is stored is never behind what is committed. The list
 * also refreshes whatever is still stale (a database migrated from before the table existed, rows
 * written by hand) before it reads.
 */
import type { Db } from '../../db/connection';
import {
  anyStaleReviewStatus,
  markAllReviewStatusesStale,
  saveReviewStatuses,
  staleReviewStatusIds,
} from '../../db/queries/review-status';
import { createRubricLookup } from '../reports/rubric-lookup';
import { loadRecordingFinals } from './final-scores';

/** Recordings resolved per round: bounded memory on a 100,000-recording database. */
const CHUNK = 5_000;

/** Recomputes every stale stored status; returns how many were written. Joins the caller's transaction. */
export function refreshReviewStatuses(db: Db): number {
  if (!anyStaleReviewStatus(db)) return 0;
  return db.transaction(() => {
    const rubrics = createRubricLookup(db);
    let written = 0;
    for (;;) {
      const ids = staleReviewStatusIds(db, CHUNK);
      if (ids.length === 0) return written;
      const finals = loadRecordingFinals(db, ids, rubrics);
      saveReviewStatuses(
        db,
        ids.map((id) => ({ id, status: finals.get(id)?.status ?? 'unmarked' })),
      );
      written += ids.length;
    }
  })();
}

/** After a whole database was put in place (a restore): every status is computed again from its marks. */
export function recomputeAllReviewStatuses(db: Db): number {
  return db.transaction(() => {
    markAllReviewStatusesStale(db);
    return refreshReviewStatuses(db);
  })();
}
