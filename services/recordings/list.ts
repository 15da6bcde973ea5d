import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import type { ProxyStatus, RecordingFileStatus, RecordingListItem, RecordingStorage } from '../../contract/recordings';
import { playableUrlPath, recordingMediaUrlPath } from './media-file';

export interface RecordingQuery {
  sessionId?: number | undefined;
  /** Exact station code (review filter). */
  stationCode?: string | undefined;
  /** Candidate code, matched from its start (review filter). */
  candidate?: string | undefined;
  search?: string | undefined;
  /** Rows per page; -1 for all (the review queue pages after filtering by marking status). */
  limit?: number | undefined;
  offset?: number | undefined;
}

interface Row {
  id: number;
  sha256: string;
  session_name: string;
  station_code: string;
  rubric_id: string;
  rubric_version: number;
  candidate_code: string | null;
  original_path: string;
  duration_s: number;
  width: number;
  height: number;
  imported_at: string;
  fps: number | null;
  video_codec: string;
  has_audio: number;
  size_bytes: number;
  storage: RecordingStorage;
  poster_path: string | null;
  proxy_status: ProxyStatus;
  proxy_error: string | null;
  file_status: RecordingFileStatus;
}

export function listRecordings(db: Db, q: RecordingQuery): { total: number; items: RecordingListItem[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.sessionId) {
    where.push('r.session_id = @sessionId');
    params.sessionId = q.sessionId;
  }
  if (q.stationCode?.trim()) {
    where.push('st.code = @stationCode');
    params.stationCode = q.stationCode.trim();
  }
  if (q.candidate?.trim()) {
    where.push(`c.code LIKE @candidate ESCAPE '\\'`);
    params.candidate = `${q.candidate.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  }
  if (q.search?.trim()) {
    where.push(`(c.code LIKE @search ESCAPE '\\' OR r.original_path LIKE @search ESCAPE '\\' OR st.code LIKE @search ESCAPE '\\')`);
    params.search = `%${q.search.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  }
  const from = `FROM recordings r
    JOIN exam_sessions s ON s.id = r.session_id
    JOIN stations st ON st.id = r.station_id
    LEFT JOIN candidates c ON c.id = r.candidate_id
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT r.id, r.sha256, s.name AS session_name, st.code AS station_code, st.rubric_id, st.rubric_version,
              c.code AS candidate_code, r.original_path, r.duration_s, r.width, r.height, r.imported_at,
              r.fps, r.video_codec, r.has_audio, r.size_bytes, r.storage, r.poster_path, r.proxy_status, r.proxy_error,
              r.file_status
       ${from} ORDER BY r.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit ?? 500, offset: q.offset ?? 0 }) as Row[];
  return {
    total,
    items: rows.map((r) => ({
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
    })),
  };
}
