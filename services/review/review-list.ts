/**
 * The review queue: recordings filtered by session, station, candidate, status and free text, one
 * page at a time so a lab with 100,000 recordings scrolls smoothly. The status of each recording is
 * THE status from services/review/final-scores.ts, stored per recording (review-status.ts), so a
 * status filter pages in SQL like any other.
 */
import type { Db } from '../../db/connection';
import { markingCountsIn, markingStatusesOf } from '../../db/queries/marks';
import { spanCountsIn } from '../../db/queries/spans';
import { distinctStationCodes, listPlacedRecordings } from '../../db/queries/recordings';
import type { MarkingStatus, ReviewList, ReviewListItem } from '../../contract/review';
import { createRubricLookup } from '../reports/rubric-lookup';
import type { RecordingStatusName } from '../../contract/reports';
import { recordingListItem } from '../recordings/list';
import { refreshReviewStatuses } from './review-status';

export interface ReviewListQuery {
  examinerId?: number | undefined;
  sessionId?: number | undefined;
  stationCode?: string | undefined;
  candidate?: string | undefined;
  status?: RecordingStatusName | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

const DEFAULT_PAGE = 200;

function myMarkings(db: Db, examinerId: number | undefined, ids: number[]): Map<number, MarkingStatus> {
  if (!examinerId || ids.length === 0) return new Map();
  const rows = markingStatusesOf(db, examinerId, ids);
  return new Map(rows.map((r) => [r.recording_id, r.status]));
}

export function listReviewRecordings(db: Db, q: ReviewListQuery): ReviewList {
  // Its own write transaction, and only when something is stale (an index probe otherwise).
  refreshReviewStatuses(db);
  // One read transaction: a page must not mix statuses from before and after a concurrent submit.
  return db.transaction(() => {
    const { total, rows } = listPlacedRecordings(db, {
      sessionId: q.sessionId,
      stationCode: q.stationCode,
      candidate: q.candidate,
      search: q.search,
      reviewStatus: q.status,
      limit: q.limit ?? DEFAULT_PAGE,
      offset: q.offset ?? 0,
    });
    const mine = myMarkings(
      db,
      q.examinerId,
      rows.map((r) => r.id),
    );
    const spanCounts = new Map(
      spanCountsIn(
        db,
        rows.map((r) => r.id),
      ).map((c) => [c.recording_id, c.n]),
    );
    const rubrics = createRubricLookup(db);
    const markingCounts = new Map(
      markingCountsIn(
        db,
        rows.map((r) => r.id),
      ).map((c) => [c.recording_id, c]),
    );
    const items: ReviewListItem[] = rows.map((r) => ({
      ...recordingListItem(r),
      // Stale only if another process wrote between the refresh and this read; its next page is fresh.
      status: (r.review_status ?? 'unmarked') as RecordingStatusName,
      myMarking: mine.get(r.id) ?? 'not_started',
      spans: { marked: spanCounts.get(r.id) ?? 0, steps: rubrics.get(r.rubric_id, r.rubric_version).steps.length },
      examiners: {
        submitted: markingCounts.get(r.id)?.submitted ?? 0,
        inProgress: markingCounts.get(r.id)?.in_progress ?? 0,
      },
    }));
    return { total, items, stations: distinctStationCodes(db) };
  })();
}
