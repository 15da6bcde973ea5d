/**
 * The review queue: recordings filtered by session, station, candidate, status and free text, one
 * page at a time so a lab with 10,000 recordings scrolls smoothly. The status of each recording is
 * THE status from services/review/final-scores.ts; this module only filters and pages by it.
 */
import type { Db } from '../../db/connection';
import { markingStatusesOf } from '../../db/queries/marks';
import { spanCountsIn } from '../../db/queries/spans';
import { distinctStationCodes } from '../../db/queries/recordings';
import type { MarkingStatus, ReviewList, ReviewListItem } from '../../contract/review';
import type { RecordingStatusName } from '../../contract/reports';
import { loadRecordingFinals } from './final-scores';
import { listRecordings, type RecordingQuery } from '../recordings/list';

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
  const limit = q.limit ?? DEFAULT_PAGE;
  const offset = q.offset ?? 0;
  const base: RecordingQuery = {
    sessionId: q.sessionId,
    stationCode: q.stationCode,
    candidate: q.candidate,
    search: q.search,
  };
  // One read transaction: a page must not mix statuses from before and after a concurrent submit.
  return db.transaction(() => {
    let total: number;
    let page: ReturnType<typeof listRecordings>['items'];
    let finals: ReturnType<typeof loadRecordingFinals>;
    if (!q.status) {
      // Without a status filter SQL pages, and statuses are resolved for the visible page only.
      const result = listRecordings(db, { ...base, limit, offset });
      total = result.total;
      page = result.items;
      finals = loadRecordingFinals(
        db,
        page.map((r) => r.id),
      );
    } else {
      // Status is derived, not stored, so it is resolved for every matching recording before paging.
      const all = listRecordings(db, { ...base, limit: -1, offset: 0 }).items;
      finals = loadRecordingFinals(
        db,
        all.map((r) => r.id),
      );
      const matching = all.filter((r) => finals.get(r.id)?.status === q.status);
      total = matching.length;
      page = matching.slice(offset, offset + limit);
    }
    const mine = myMarkings(
      db,
      q.examinerId,
      page.map((r) => r.id),
    );
    const spanCounts = new Map(
      spanCountsIn(
        db,
        page.map((r) => r.id),
      ).map((c) => [c.recording_id, c.n]),
    );
    const items: ReviewListItem[] = page.map((r) => ({
      ...r,
      status: finals.get(r.id)?.status ?? 'unmarked',
      myMarking: mine.get(r.id) ?? 'not_started',
      spans: { marked: spanCounts.get(r.id) ?? 0, steps: finals.get(r.id)?.steps.length ?? 0 },
      examiners: {
        submitted: finals.get(r.id)?.submittedExaminers.length ?? 0,
        inProgress: finals.get(r.id)?.inProgressExaminers ?? 0,
      },
    }));
    const stations = distinctStationCodes(db);
    return { total, items, stations };
  })();
}
