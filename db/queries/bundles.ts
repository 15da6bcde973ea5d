/**
 * What exam bundles need of this database: records found by their natural keys (row ids differ
 * between workstations), a generic writer for records a bundle brings (only the columns this
 * schema has, so an older bundle simply lacks newer ones), the bundles imported, their merge
 * conflicts, the other workstations' audit chains, and the trusted signers.
 */
import type { Db } from '../connection';

export type Row = Record<string, unknown>;

/** Tables a bundle's records are written into. */
export type BundleTable =
  | 'rubrics'
  | 'exam_sessions'
  | 'stations'
  | 'candidates'
  | 'raters'
  | 'recordings'
  | 'recording_examiners'
  | 'model_runs'
  | 'markings'
  | 'step_scores'
  | 'step_spans'
  | 'adjudications'
  | 'imported_audit_events'
  | 'imported_bundles'
  | 'merge_conflicts';

const columnsCache = new Map<string, Set<string>>();
function columns(db: Db, table: BundleTable): Set<string> {
  let c = columnsCache.get(table);
  if (!c) {
    c = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
    columnsCache.set(table, c);
  }
  return c;
}

/** Inserts the columns this database knows (never `id`); returns the new row id. */
export function insertRecord(db: Db, table: BundleTable, row: Row): number {
  const cols = Object.keys(row).filter((k) => columns(db, table).has(k) && k !== 'id');
  const info = db
    .prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`)
    .run(Object.fromEntries(cols.map((c) => [c, row[c]])));
  return Number(info.lastInsertRowid);
}

/** Rows of a per-recording table for these recordings (model runs: finished ones only). */
export function rowsOfRecordings(
  db: Db,
  table: 'recording_examiners' | 'model_runs' | 'markings' | 'step_scores' | 'step_spans' | 'adjudications',
  recordingIds: readonly number[],
): Row[] {
  if (recordingIds.length === 0) return [];
  // A run still queued or running belongs to this workstation's queue, not to a bundle.
  const finished = table === 'model_runs' ? `AND status IN ('done', 'rejected', 'failed', 'cancelled')` : '';
  return db
    .prepare(`SELECT * FROM ${table} WHERE recording_id IN (SELECT value FROM json_each(?)) ${finished}`)
    .all(JSON.stringify(recordingIds)) as Row[];
}

export const sessionRecord = (db: Db, name: string): Row | undefined =>
  db.prepare('SELECT * FROM exam_sessions WHERE name = ?').get(name) as Row | undefined;

// ---- local records by natural key

const idOf = (db: Db, sql: string, ...params: unknown[]): number | null =>
  (db
    .prepare(sql)
    .pluck()
    .get(...params) as number | undefined) ?? null;

export const naturalIds = {
  session: (db: Db, name: unknown) => idOf(db, 'SELECT id FROM exam_sessions WHERE name = ?', name),
  station: (db: Db, sessionId: number | null, code: unknown) =>
    idOf(db, 'SELECT id FROM stations WHERE session_id = ? AND code = ?', sessionId, code),
  candidate: (db: Db, code: unknown) => idOf(db, 'SELECT id FROM candidates WHERE code = ?', code),
  rater: (db: Db, kind: unknown, name: unknown, configKey: unknown) =>
    idOf(db, 'SELECT id FROM raters WHERE kind = ? AND name = ? AND config_key = ?', kind, name, configKey),
  recording: (db: Db, sha256: unknown) => idOf(db, 'SELECT id FROM recordings WHERE sha256 = ?', sha256),
  run: (db: Db, idempotencyKey: unknown, createdAt: unknown) =>
    idOf(db, 'SELECT id FROM model_runs WHERE idempotency_key = ? AND created_at = ?', idempotencyKey, createdAt),
  currentDoneRun: (db: Db, idempotencyKey: unknown) =>
    idOf(
      db,
      `SELECT id FROM model_runs WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL`,
      idempotencyKey,
    ),
};

const one = (db: Db, sql: string, ...params: unknown[]): Row | undefined =>
  db.prepare(sql).get(...params) as Row | undefined;

/** The fields a merge compares, of the local record with the same natural key. */
export const localRecords = {
  rubricExists: (db: Db, id: unknown, version: unknown) =>
    one(db, 'SELECT 1 FROM rubrics WHERE id = ? AND version = ?', id, version) !== undefined,
  session: (db: Db, name: unknown) =>
    one(db, 'SELECT exam_date, site, blind_first FROM exam_sessions WHERE name = ?', name),
  station: (db: Db, sessionId: number, code: unknown) =>
    one(db, 'SELECT rubric_id, rubric_version FROM stations WHERE session_id = ? AND code = ?', sessionId, code),
  recordingPlace: (db: Db, sha256: unknown) =>
    one(
      db,
      `SELECT s.name AS session, st.code AS station, c.code AS candidate FROM recordings r JOIN exam_sessions s ON s.id = r.session_id
       JOIN stations st ON st.id = r.station_id LEFT JOIN candidates c ON c.id = r.candidate_id WHERE r.sha256 = ?`,
      sha256,
    ),
  recordingExaminer: (db: Db, recordingId: number | null, raterId: number | null) =>
    one(db, 'SELECT 1 FROM recording_examiners WHERE recording_id = ? AND rater_id = ?', recordingId, raterId),
  marking: (db: Db, recordingId: number | null, raterId: number | null) =>
    one(
      db,
      'SELECT status, revealed_at, submitted_at, rubric_id, rubric_version FROM markings WHERE recording_id = ? AND rater_id = ?',
      recordingId,
      raterId,
    ),
  stepScore: (db: Db, recordingId: number | null, raterId: number | null, stepId: unknown) =>
    one(
      db,
      'SELECT score, blind_score, not_assessable, not_assessable_reason, comment FROM step_scores WHERE recording_id = ? AND rater_id = ? AND step_id = ?',
      recordingId,
      raterId,
      stepId,
    ),
  span: (db: Db, recordingId: number | null, stepId: unknown) =>
    one(db, 'SELECT start_s, end_s FROM step_spans WHERE recording_id = ? AND step_id = ?', recordingId, stepId),
  /** With the adjudicator as "kind<TAB>name", comparable across workstations. */
  adjudication: (db: Db, recordingId: number, stepId: unknown) =>
    one(
      db,
      `SELECT a.final_score, a.reason, ra.kind || char(9) || ra.name AS adjudicator FROM adjudications a LEFT JOIN raters ra ON ra.id = a.adjudicator_id
       WHERE a.recording_id = ? AND a.step_id = ?`,
      recordingId,
      stepId,
    ),
};

// ---- imported bundles and the other workstations' audit chains

export const bundleImported = (db: Db, checksum: string): boolean =>
  one(db, 'SELECT 1 FROM imported_bundles WHERE checksum = ?', checksum) !== undefined;

export const importedEventHash = (db: Db, workstation: string, seq: unknown): string | undefined =>
  db
    .prepare('SELECT hash FROM imported_audit_events WHERE workstation = ? AND seq = ?')
    .pluck()
    .get(workstation, seq) as string | undefined;

export const importedChainEnd = (db: Db, workstation: string): number | null =>
  db.prepare('SELECT max(seq) FROM imported_audit_events WHERE workstation = ?').pluck().get(workstation) as
    number | null;

// ---- merge conflicts

export interface ConflictRow {
  id: number;
  bundle_checksum: string;
  kind: string;
  key: string;
  local: string;
  incoming: string;
  status: 'open' | 'kept-local' | 'took-incoming';
  decided_by: string | null;
  decision_reason: string | null;
  created_at: string;
  decided_at: string | null;
}

export const conflictRows = (db: Db, which: 'open' | 'all'): ConflictRow[] =>
  db
    .prepare(`SELECT * FROM merge_conflicts ${which === 'open' ? `WHERE status = 'open'` : ''} ORDER BY id`)
    .all() as ConflictRow[];

export function settleConflict(
  db: Db,
  id: number,
  d: { status: 'kept-local' | 'took-incoming'; by: string; reason: string; at: string },
): void {
  db.prepare(
    `UPDATE merge_conflicts SET status = ?, decided_by = ?, decision_reason = ?, decided_at = ? WHERE id = ?`,
  ).run(d.status, d.by, d.reason, d.at, id);
}

// ---- trusted signers

export interface TrustedSignerRow {
  fingerprint: string;
  public_key: string;
  label: string;
  trusted_by: string;
  trusted_at: string;
}

export const signerTrusted = (db: Db, fingerprint: string): boolean =>
  one(db, 'SELECT 1 FROM trusted_signers WHERE fingerprint = ?', fingerprint) !== undefined;

export const trustedSignerRows = (db: Db): TrustedSignerRow[] =>
  db.prepare('SELECT * FROM trusted_signers ORDER BY trusted_at').all() as TrustedSignerRow[];

/** True when the signer was not trusted before. */
export const insertTrustedSigner = (db: Db, s: TrustedSignerRow): boolean =>
  db
    .prepare(
      'INSERT OR IGNORE INTO trusted_signers (fingerprint, public_key, label, trusted_by, trusted_at) VALUES (@fingerprint, @public_key, @label, @trusted_by, @trusted_at)',
    )
    .run(s).changes > 0;
