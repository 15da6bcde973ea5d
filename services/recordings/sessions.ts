import type { Db } from '../../db/connection';
import type { ExamSession } from '../../contract/recordings';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';

export class DuplicateSessionError extends Error {
  override name = 'DuplicateSession';
  constructor(name: string) {
    super(`An exam session named '${name}' already exists.`);
  }
}

interface SessionRow {
  id: number;
  name: string;
  exam_date: string | null;
  site: string | null;
  blind_first: number;
  created_at: string;
  recording_count: number;
}

const toSession = (r: SessionRow): ExamSession => ({
  id: r.id,
  name: r.name,
  date: r.exam_date,
  site: r.site,
  blindFirst: r.blind_first === 1,
  createdAt: r.created_at,
  recordingCount: r.recording_count,
});

const SELECT = `SELECT s.*, (SELECT count(*) FROM recordings r WHERE r.session_id = s.id) AS recording_count
                FROM exam_sessions s`;

export function listSessions(db: Db): ExamSession[] {
  return (db.prepare(`${SELECT} ORDER BY coalesce(s.exam_date, s.created_at) DESC, s.id DESC`).all() as SessionRow[]).map(toSession);
}

export function getSession(db: Db, id: number): ExamSession | null {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
  return row ? toSession(row) : null;
}

export function findSessionByName(db: Db, name: string): ExamSession | null {
  const row = db.prepare(`${SELECT} WHERE s.name = ?`).get(name) as SessionRow | undefined;
  return row ? toSession(row) : null;
}

export function createSession(
  db: Db,
  input: { name: string; date?: string | undefined; site?: string | undefined; blindFirst?: boolean | undefined },
  actor: string,
): ExamSession {
  return db.transaction(() => {
    if (findSessionByName(db, input.name)) throw new DuplicateSessionError(input.name);
    const info = db
      .prepare(`INSERT INTO exam_sessions (name, exam_date, site, blind_first, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(input.name, input.date ?? null, input.site || null, input.blindFirst === false ? 0 : 1, nowIso());
    const session = getSession(db, Number(info.lastInsertRowid))!;
    appendAudit(db, { actor, action: 'create', entity: 'exam_session', entityId: session.id, after: input });
    return session;
  })();
}
