/**
 * Where an imported recording belongs: its exam session, station, candidate and examiners. Every
 * function here runs inside the recording's own transaction, so a file that fails leaves no new
 * session, station or candidate behind either.
 */
import type { Db } from '../../db/connection';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';

export interface Placement {
  session: { name: string; date?: string | undefined; site?: string | undefined };
  /** Rubric id; the station uses its latest version when the session has no station for it yet. */
  rubricId: string;
  candidate?: string | undefined;
  examiners: readonly string[];
}

export interface PlacedIds {
  sessionId: number;
  stationId: number;
  stationCode: string;
  candidateId: number | null;
  raterIds: number[];
}

export function latestRubricVersion(db: Db, rubricId: string): number | null {
  return db.prepare('SELECT max(version) FROM rubrics WHERE id = ?').pluck().get(rubricId) as number | null;
}

export function knownRubricIds(db: Db): string[] {
  return db.prepare('SELECT DISTINCT id FROM rubrics ORDER BY id').pluck().all() as string[];
}

function sessionId(db: Db, s: Placement['session'], actor: string): number {
  const found = db.prepare('SELECT id FROM exam_sessions WHERE name = ?').pluck().get(s.name) as number | undefined;
  if (found !== undefined) return found;
  const id = Number(
    db
      .prepare('INSERT INTO exam_sessions (name, exam_date, site, blind_first, created_at) VALUES (?, ?, ?, 1, ?)')
      .run(s.name, s.date ?? null, s.site || null, nowIso()).lastInsertRowid,
  );
  appendAudit(db, { actor, action: 'create', entity: 'exam_session', entityId: id, after: { name: s.name, date: s.date ?? null, site: s.site ?? null, via: 'import' } });
  return id;
}

/**
 * One station per rubric in a session, reused by every later import, so all its recordings are
 * marked against the same rubric version even after the rubric is edited.
 */
function station(db: Db, session: number, rubricId: string, actor: string): { id: number; code: string } {
  const found = db
    .prepare('SELECT id, code FROM stations WHERE session_id = ? AND rubric_id = ? ORDER BY id LIMIT 1')
    .get(session, rubricId) as { id: number; code: string } | undefined;
  if (found) return found;
  const version = latestRubricVersion(db, rubricId);
  if (version === null) throw new Error(`Rubric '${rubricId}' is not stored.`);
  const taken = new Set(db.prepare('SELECT code FROM stations WHERE session_id = ?').pluck().all(session) as string[]);
  const base = rubricId.toUpperCase();
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  const id = Number(
    db.prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, ?)').run(session, code, rubricId, version)
      .lastInsertRowid,
  );
  appendAudit(db, { actor, action: 'create', entity: 'station', entityId: id, after: { sessionId: session, code, rubricId, rubricVersion: version } });
  return { id, code };
}

function candidateId(db: Db, code: string): number {
  db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?) ON CONFLICT(code) DO NOTHING').run(code, nowIso());
  return db.prepare('SELECT id FROM candidates WHERE code = ?').pluck().get(code) as number;
}

function examinerId(db: Db, name: string): number {
  db.prepare(
    `INSERT INTO raters (kind, name, config_key, config, created_at) VALUES ('examiner', ?, '', '{}', ?)
     ON CONFLICT(kind, name, config_key) DO NOTHING`,
  ).run(name, nowIso());
  return db.prepare(`SELECT id FROM raters WHERE kind = 'examiner' AND name = ? AND config_key = ''`).pluck().get(name) as number;
}

/** Finds or creates the rows a recording points at. Call inside the recording's transaction. */
export function placeRecording(db: Db, p: Placement, actor: string): PlacedIds {
  const session = sessionId(db, p.session, actor);
  const st = station(db, session, p.rubricId, actor);
  return {
    sessionId: session,
    stationId: st.id,
    stationCode: st.code,
    candidateId: p.candidate ? candidateId(db, p.candidate) : null,
    raterIds: [...new Set(p.examiners.map((name) => examinerId(db, name)))],
  };
}
