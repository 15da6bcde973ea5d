import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import type { RecordingListItem } from '../../contract/recordings';
import { listPlacedRecordings, type RecordingSummaryRow } from '../../db/queries/recordings';
import { playableUrlPath, recordingMediaUrlPath } from './media-file';

export interface RecordingQuery {
  sessionId?: number | undefined;
  /** Exact station code (review filter). */
  stationCode?: string | undefined;
  /** Candidate code, matched from its start (review filter). */
  candidate?: string | undefined;
  search?: string | undefined;
  /** Rows per page; -1 for all. */
  limit?: number | undefined;
  offset?: number | undefined;
}

export function listRecordings(db: Db, q: RecordingQuery): { total: number; items: RecordingListItem[] } {
  const { total, rows } = listPlacedRecordings(db, { ...q, limit: q.limit ?? 500, offset: q.offset ?? 0 });
  return { total, items: rows.map(recordingListItem) };
}

/** One row of the recordings list (and the base of a review list row). */
export function recordingListItem(r: RecordingSummaryRow): RecordingListItem {
  return {
    id: r.id,
    sha256: r.sha256,
    sessionName: r.session_name,
    stationCode: r.station_code,
    rubricId: r.rubric_id,
    rubricVersion: r.rubric_version,
    candidateCode: r.candidate_code,
    fileName: basename(r.original_path),
    durationS: r.duration_s,
    width: r.width,
    height: r.height,
    importedAt: r.imported_at,
    fps: r.fps,
    videoCodec: r.video_codec,
    hasAudio: r.has_audio === 1,
    sizeBytes: r.size_bytes,
    originalPath: r.original_path,
    storage: r.storage,
    proxyStatus: r.proxy_status,
    proxyError: r.proxy_error,
    fileStatus: r.file_status,
    posterUrlPath: r.poster_path ? recordingMediaUrlPath(r.id, 'poster') : null,
    videoUrlPath: playableUrlPath({ id: r.id, proxyStatus: r.proxy_status, fileStatus: r.file_status }),
  };
}
