/**
 * Recordings and where they belong: exam sessions, stations (with their rubric version),
 * candidates and the examiners assigned at import. Row shapes are the tables' own columns.
 */
import type { ProxyStatus, RecordingFileStatus, RecordingStorage } from '../../domain/recording/states';
import type { Db } from '../connection';
import { idsCondition } from './id-list';

/** One row of `recordings`. */
export interface RecordingRow {
  id: number;
  sha256: string;
  session_id: number;
  station_id: number;
  candidate_id: number | null;
  original_path: string;
  stored_path: string;
  storage: RecordingStorage;
  size_bytes: number;
  mtime_ms: number | null;
  duration_s: number;
  width: number;
  height: number;
  rotation: number;
  fps: number | null;
  vfr: number;
  video_codec: string;
  audio_codec: string | null;
  has_audio: number;
  container: string | null;
  poster_path: string | null;
  proxy_path: string | null;
  proxy_status: ProxyStatus;
  proxy_error: string | null;
  file_status: RecordingFileStatus;
  file_checked_at: string | null;
  attributes: string;
  imported_at: string;
}

/** A recording with its session, station (and so rubric version) and candidate. */
export interface PlacedRecordingRow extends RecordingRow {
  session_name: string;
  exam_date: string | null;
  blind_first: number;
  station_code: string;
  rubric_id: string;
  rubric_version: number;
  candidate_code: string | null;
}

const PLACED = `SELECT r.*, s.name AS session_name, s.exam_date, s.blind_first, st.code AS station_code, st.rubric_id,
       st.rubric_version, c.code AS candidate_code
  FROM recordings r
  JOIN exam_sessions s ON s.id = r.session_id
  JOIN stations st ON st.id = r.station_id
  LEFT JOIN candidates c ON c.id = r.candidate_id`;

/** What the recordings list and the reports read of many recordings at once (a full row costs more per row). */
export type RecordingSummaryRow = Pick<
  PlacedRecordingRow,
  | 'id'
  | 'sha256'
  | 'session_id'
  | 'session_name'
  | 'exam_date'
  | 'station_code'
  | 'rubric_id'
  | 'rubric_version'
  | 'candidate_code'
  | 'original_path'
  | 'stored_path'
  | 'duration_s'
  | 'width'
  | 'height'
  | 'imported_at'
  | 'fps'
  | 'video_codec'
  | 'has_audio'
  | 'size_bytes'
  | 'storage'
  | 'poster_path'
  | 'proxy_status'
  | 'proxy_error'
  | 'file_status'
>;

const SUMMARY = `SELECT r.id, r.sha256, r.session_id, s.name AS session_name, s.exam_date, st.code AS station_code, st.rubric_id,
       st.rubric_version, c.code AS candidate_code, r.original_path, r.stored_path, r.duration_s, r.width, r.height,
       r.imported_at, r.fps, r.video_codec, r.has_audio, r.size_bytes, r.storage, r.poster_path, r.proxy_status,
       r.proxy_error, r.file_status
  FROM recordings r
  JOIN exam_sessions s ON s.id = r.session_id
  JOIN stations st ON st.id = r.station_id
  LEFT JOIN candidates c ON c.id = r.candidate_id`;

/** The summary with each recording's stored review status (null while stale). */
const SUMMARY_WITH_STATUS =
  SUMMARY.replace('SELECT r.id,', 'SELECT rs.status AS review_status, r.id,') +
  ' LEFT JOIN recording_review_status rs ON rs.recording_id = r.id';

export const recordingById = (db: Db, id: number): RecordingRow | undefined =>
  db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;

export const placedRecording = (db: Db, id: number): PlacedRecordingRow | undefined =>
  db.prepare(`${PLACED} WHERE r.id = ?`).get(id) as PlacedRecordingRow | undefined;

export const recordingExists = (db: Db, id: number): boolean =>
  db.prepare('SELECT 1 FROM recordings WHERE id = ?').get(id) !== undefined;

export const recordingIdBySha = (db: Db, sha256: string): number | undefined =>
  db.prepare('SELECT id FROM recordings WHERE sha256 = ?').pluck().get(sha256) as number | undefined;

export const recordingOfSizeExists = (db: Db, sizeBytes: number): boolean =>
  db.prepare('SELECT 1 FROM recordings WHERE size_bytes = ? LIMIT 1').get(sizeBytes) !== undefined;

export interface RecordingListFilter {
  sessionId?: number | undefined;
  /** Exact station code. */
  stationCode?: string | undefined;
  /** Candidate code, matched from its start. */
  candidate?: string | undefined;
  /** Candidate code, file path or station code containing it. */
  search?: string | undefined;
  /** Stored review status (recording_review_status). */
  reviewStatus?: string | undefined;
  /** Rows per page; -1 for all. */
  limit: number;
  offset: number;
}

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (m) => '\\' + m);

/** A page of recordings, newest first, with each one's stored review status (null while stale), and how many match in all. */
export function listPlacedRecordings(
  db: Db,
  q: RecordingListFilter,
): { total: number; rows: (RecordingSummaryRow & { review_status: string | null })[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  // The count joins only the tables its conditions name: at 100,000 recordings every join costs.
  const joins = new Set<'station' | 'candidate' | 'status'>();
  if (q.sessionId) {
    where.push('r.session_id = @sessionId');
    params.sessionId = q.sessionId;
  }
  if (q.stationCode?.trim()) {
    where.push('st.code = @stationCode');
    params.stationCode = q.stationCode.trim();
    joins.add('station');
  }
  if (q.candidate?.trim()) {
    where.push(`c.code LIKE @candidate ESCAPE '\\'`);
    params.candidate = `${likeEscaped(q.candidate.trim())}%`;
    joins.add('candidate');
  }
  if (q.search?.trim()) {
    where.push(
      `(c.code LIKE @search ESCAPE '\\' OR r.original_path LIKE @search ESCAPE '\\' OR st.code LIKE @search ESCAPE '\\')`,
    );
    params.search = `%${likeEscaped(q.search.trim())}%`;
    joins.add('station').add('candidate');
  }
  if (q.reviewStatus) {
    where.push('rs.status = @reviewStatus');
    params.reviewStatus = q.reviewStatus;
    joins.add('status');
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countJoins = [
    joins.has('station') ? 'JOIN stations st ON st.id = r.station_id' : '',
    joins.has('candidate') ? 'LEFT JOIN candidates c ON c.id = r.candidate_id' : '',
    joins.has('status') ? 'JOIN recording_review_status rs ON rs.recording_id = r.id' : '',
  ].join(' ');
  // A status alone is counted on its index: joining 100,000 recordings only to count them costs 15 ms.
  const statusOnly = q.reviewStatus && !q.sessionId && !joins.has('station') && !joins.has('candidate');
  const total = db
    .prepare(
      statusOnly
        ? 'SELECT count(*) FROM recording_review_status rs WHERE rs.status = @reviewStatus'
        : `SELECT count(*) FROM recordings r ${countJoins} ${filter}`,
    )
    .pluck()
    .get(params) as number;
  // Ordered by the status index's own id column, so SQLite walks the index instead of sorting every match.
  const order = q.reviewStatus ? 'rs.recording_id DESC' : 'r.id DESC';
  // The page's ids first, over the filter's own joins only, then the full rows of those 200: an
  // OFFSET deep in 100,000 recordings otherwise builds every skipped row (36 ms → 3.4 ms at 50,000).
  const page = `SELECT r.id FROM recordings r ${countJoins} ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
  const rows = db
    .prepare(`${SUMMARY_WITH_STATUS} WHERE r.id IN (${page}) ORDER BY r.id DESC`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as (RecordingSummaryRow & {
    review_status: string | null;
  })[];
  return { total, rows };
}

/** The recordings a report covers: a session by name, a station by code or rubric id, a candidate by code. */
export function placedRecordingsInScope(
  db: Db,
  scope: { session?: string | null; station?: string | null; candidate?: string | null },
): RecordingSummaryRow[] {
  const where: string[] = [];
  if (scope.session != null) where.push('s.name = @session');
  if (scope.station != null) where.push('(st.code = @station OR st.rubric_id = @station)');
  if (scope.candidate != null) where.push('c.code = @candidate');
  return db.prepare(`${SUMMARY} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id`).all({
    session: scope.session ?? null,
    station: scope.station ?? null,
    candidate: scope.candidate ?? null,
  }) as RecordingSummaryRow[];
}

export const placedRecordingsOfSession = (db: Db, sessionId: number): PlacedRecordingRow[] =>
  db.prepare(`${PLACED} WHERE r.session_id = ? ORDER BY r.id`).all(sessionId) as PlacedRecordingRow[];

/** Each recording's station rubric version (all recordings, or only these). */
export function recordingRubrics(
  db: Db,
  only?: readonly number[],
): { id: number; sha256: string; rubric_id: string; rubric_version: number }[] {
  const where = idsCondition('r.id', only);
  return db
    .prepare(
      `SELECT r.id, r.sha256, st.rubric_id, st.rubric_version FROM recordings r JOIN stations st ON st.id = r.station_id
       WHERE ${where.sql} ORDER BY r.id`,
    )
    .all(where.params) as {
    id: number;
    sha256: string;
    rubric_id: string;
    rubric_version: number;
  }[];
}

export type NewRecording = Omit<RecordingRow, 'id' | 'proxy_path' | 'proxy_error' | 'file_status' | 'file_checked_at'>;

/** Inserts a recording and links the examiners named at import; returns its id. */
export function insertRecording(db: Db, r: NewRecording, examinerIds: readonly number[]): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage,
           size_bytes, mtime_ms, duration_s, width, height, rotation, fps, vfr, video_codec, audio_codec, has_audio,
           container, poster_path, proxy_status, attributes, imported_at)
         VALUES (@sha256, @session_id, @station_id, @candidate_id, @original_path, @stored_path, @storage, @size_bytes,
           @mtime_ms, @duration_s, @width, @height, @rotation, @fps, @vfr, @video_codec, @audio_codec, @has_audio,
           @container, @poster_path, @proxy_status, @attributes, @imported_at)`,
      )
      .run(r).lastInsertRowid,
  );
  const link = db.prepare('INSERT INTO recording_examiners (recording_id, rater_id) VALUES (?, ?)');
  for (const rater of examinerIds) link.run(id, rater);
  return id;
}

/** What a file check compares a recording's file with. */
export type FileFactsRow = Pick<RecordingRow, 'id' | 'sha256' | 'stored_path' | 'storage' | 'size_bytes' | 'mtime_ms'>;

/** Those facts of all recordings, or only these, in id order. */
export function recordingFileFacts(db: Db, ids?: readonly number[]): FileFactsRow[] {
  const where = idsCondition('id', ids);
  return db
    .prepare(
      `SELECT id, sha256, stored_path, storage, size_bytes, mtime_ms FROM recordings WHERE ${where.sql} ORDER BY id`,
    )
    .all(where.params) as FileFactsRow[];
}

/** All recordings, or only these, in id order. */
export function recordingRows(db: Db, ids?: readonly number[]): RecordingRow[] {
  if (!ids) return db.prepare('SELECT * FROM recordings ORDER BY id').all() as RecordingRow[];
  return db
    .prepare('SELECT * FROM recordings WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(ids)) as RecordingRow[];
}

/** The outcome of a file check, for many recordings in one transaction. */
export function saveFileStatuses(
  db: Db,
  verdicts: readonly { id: number; status: RecordingFileStatus; mtimeMs: number | null }[],
  at: string,
): void {
  const update = db.prepare(
    'UPDATE recordings SET file_status = ?, file_checked_at = ?, mtime_ms = coalesce(?, mtime_ms) WHERE id = ?',
  );
  db.transaction(() => {
    for (const v of verdicts) update.run(v.status, at, v.mtimeMs, v.id);
  })();
}

/** The demo gives each recording a file of its own after generating the labels. */
export function replaceRecordingFile(
  db: Db,
  id: number,
  f: { sha256: string; path: string; sizeBytes: number; mtimeMs: number; poster: string },
): void {
  db.prepare(
    `UPDATE recordings SET sha256 = ?, stored_path = ?, original_path = ?, size_bytes = ?, mtime_ms = ?, width = 640, height = 360,
       poster_path = ?, file_status = 'ok' WHERE id = ?`,
  ).run(f.sha256, f.path, f.path, f.sizeBytes, f.mtimeMs, f.poster, id);
}

export const nextPendingProxy = (db: Db): RecordingRow | undefined =>
  db.prepare(`SELECT * FROM recordings WHERE proxy_status = 'pending' ORDER BY id LIMIT 1`).get() as
    RecordingRow | undefined;

/** False when the recording was no longer waiting for its proxy. */
export const setProxyReady = (db: Db, id: number, relPath: string): boolean =>
  db
    .prepare(
      `UPDATE recordings SET proxy_status = 'ready', proxy_path = ?, proxy_error = NULL WHERE id = ? AND proxy_status = 'pending'`,
    )
    .run(relPath, id).changes > 0;

export function setProxyFailed(db: Db, id: number, error: string): void {
  db.prepare(
    `UPDATE recordings SET proxy_status = 'failed', proxy_error = ? WHERE id = ? AND proxy_status = 'pending'`,
  ).run(error, id);
}

export const readyProxyUsesSha = (db: Db, sha256: string): boolean =>
  db.prepare(`SELECT 1 FROM recordings WHERE sha256 = ? AND proxy_status = 'ready'`).get(sha256) !== undefined;

/** Recording ids of the whole lab, a station or a session, in id order. */
export function recordingIdsWhere(
  db: Db,
  where: { all: true } | { stationId: number } | { sessionId: number },
): number[] {
  if ('stationId' in where)
    return db
      .prepare('SELECT id FROM recordings WHERE station_id = ? ORDER BY id')
      .pluck()
      .all(where.stationId) as number[];
  if ('sessionId' in where)
    return db
      .prepare('SELECT id FROM recordings WHERE session_id = ? ORDER BY id')
      .pluck()
      .all(where.sessionId) as number[];
  return db.prepare('SELECT id FROM recordings ORDER BY id').pluck().all() as number[];
}

export const sessionIdOfRecording = (db: Db, recordingId: number): number | undefined =>
  db.prepare('SELECT session_id FROM recordings WHERE id = ?').pluck().get(recordingId) as number | undefined;

/** Titles and versions of the station rubrics of these recordings. */
export function rubricTitlesOfRecordings(db: Db, ids: readonly number[]): { title: string; version: number }[] {
  return db
    .prepare(
      `SELECT DISTINCT rb.title, rb.version FROM recordings r JOIN stations st ON st.id = r.station_id
       JOIN rubrics rb ON rb.id = st.rubric_id AND rb.version = st.rubric_version
       WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY rb.title`,
    )
    .all(JSON.stringify(ids)) as { title: string; version: number }[];
}

// ---- exam sessions

export interface SessionRow {
  id: number;
  name: string;
  exam_date: string | null;
  site: string | null;
  blind_first: number;
  created_at: string;
  recording_count: number;
}

const SESSIONS = `SELECT s.*, (SELECT count(*) FROM recordings r WHERE r.session_id = s.id) AS recording_count FROM exam_sessions s`;

export const sessionRows = (db: Db): SessionRow[] =>
  db.prepare(`${SESSIONS} ORDER BY coalesce(s.exam_date, s.created_at) DESC, s.id DESC`).all() as SessionRow[];

export const sessionById = (db: Db, id: number): SessionRow | undefined =>
  db.prepare(`${SESSIONS} WHERE s.id = ?`).get(id) as SessionRow | undefined;

export const sessionByName = (db: Db, name: string): SessionRow | undefined =>
  db.prepare(`${SESSIONS} WHERE s.name = ?`).get(name) as SessionRow | undefined;

export function insertSession(
  db: Db,
  s: { name: string; date: string | null; site: string | null; blindFirst: boolean; at: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO exam_sessions (name, exam_date, site, blind_first, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.name, s.date, s.site, s.blindFirst ? 1 : 0, s.at).lastInsertRowid,
  );
}

// ---- stations

export interface StationRow {
  id: number;
  session_id: number;
  code: string;
  rubric_id: string;
  rubric_version: number;
}

export const stationExists = (db: Db, id: number): boolean =>
  db.prepare('SELECT 1 FROM stations WHERE id = ?').get(id) !== undefined;

/** The first station of a session that uses this rubric. */
export const stationForRubric = (db: Db, sessionId: number, rubricId: string): StationRow | undefined =>
  db
    .prepare('SELECT * FROM stations WHERE session_id = ? AND rubric_id = ? ORDER BY id LIMIT 1')
    .get(sessionId, rubricId) as StationRow | undefined;

export const stationCodesOfSession = (db: Db, sessionId: number): string[] =>
  db.prepare('SELECT code FROM stations WHERE session_id = ?').pluck().all(sessionId) as string[];

export const stationsOfSession = (db: Db, sessionId: number): StationRow[] =>
  db.prepare('SELECT * FROM stations WHERE session_id = ?').all(sessionId) as StationRow[];

export function insertStation(db: Db, s: Omit<StationRow, 'id'>): number {
  return Number(
    db
      .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, ?)')
      .run(s.session_id, s.code, s.rubric_id, s.rubric_version).lastInsertRowid,
  );
}

export const distinctStationCodes = (db: Db): string[] =>
  db.prepare('SELECT DISTINCT code FROM stations ORDER BY code').pluck().all() as string[];

/** How many stations have this code or use this rubric id. */
export const stationsNamed = (db: Db, station: string): number =>
  db
    .prepare('SELECT count(*) FROM stations WHERE code = @station OR rubric_id = @station')
    .pluck()
    .get({ station }) as number;

export interface ScoringStationRow {
  id: number;
  session_id: number;
  session_name: string;
  code: string;
  title: string | null;
  rubric_version: number;
  recording_count: number;
}

/** Every station with its session, rubric title and recording count. */
export function stationOverview(db: Db): ScoringStationRow[] {
  return db
    .prepare(
      `SELECT st.id, st.session_id, s.name AS session_name, st.code, rb.title, st.rubric_version,
              (SELECT count(*) FROM recordings r WHERE r.station_id = st.id) AS recording_count
       FROM stations st JOIN exam_sessions s ON s.id = st.session_id
       LEFT JOIN rubrics rb ON rb.id = st.rubric_id AND rb.version = st.rubric_version
       ORDER BY s.name COLLATE NOCASE, st.code COLLATE NOCASE`,
    )
    .all() as ScoringStationRow[];
}

// ---- candidates

export const candidateExists = (db: Db, code: string): boolean =>
  db.prepare('SELECT 1 FROM candidates WHERE code = ?').get(code) !== undefined;

/** The candidate's id, created on first use. */
export function ensureCandidate(db: Db, code: string, at: string): number {
  db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?) ON CONFLICT(code) DO NOTHING').run(code, at);
  return db.prepare('SELECT id FROM candidates WHERE code = ?').pluck().get(code) as number;
}

/** A cheap fingerprint of the candidates table, to know when its codes must be read again. */
export const candidatesState = (db: Db): string => {
  const s = db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM candidates').get() as {
    n: number;
    top: number;
  };
  return `${s.n}:${s.top}`;
};

export const candidateCodes = (db: Db): string[] => db.prepare('SELECT code FROM candidates').pluck().all() as string[];

/** Candidates with at least one recording, and how many. */
export const candidatesWithRecordings = (db: Db): { code: string; recordings: number }[] =>
  db
    .prepare(
      `SELECT c.code, count(r.id) AS recordings FROM candidates c JOIN recordings r ON r.candidate_id = c.id
       GROUP BY c.id ORDER BY c.code`,
    )
    .all() as { code: string; recordings: number }[];

/** Each recording's candidate code (null: none), for the ids that exist. */
export const recordingCandidates = (db: Db, ids: readonly number[]): { id: number; candidate_code: string | null }[] =>
  db
    .prepare(
      `SELECT r.id, c.code AS candidate_code FROM recordings r LEFT JOIN candidates c ON c.id = r.candidate_id
       WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id`,
    )
    .all(JSON.stringify(ids)) as { id: number; candidate_code: string | null }[];

export function setRecordingCandidateId(db: Db, id: number, candidateId: number | null): void {
  db.prepare('UPDATE recordings SET candidate_id = ? WHERE id = ?').run(candidateId, id);
}

/** Every recording's probed length, for checking times given in a file (step spans). */
export const recordingDurations = (db: Db): { id: number; duration_s: number }[] =>
  db.prepare('SELECT id, duration_s FROM recordings').all() as { id: number; duration_s: number }[];
