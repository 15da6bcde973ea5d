import type { Db } from '../../db/connection';
import { insertSession, sessionById, sessionByName, sessionRows, type SessionRow } from '../../db/queries/recordings';
import type { ExamSession } from '../../contract/recordings';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';

class DuplicateSessionError extends Error {
  override name = 'DuplicateSession';
  constructor(name: string) {
    super(`An exam session named '${name}' already exists.`);
  }
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

export function listSessions(db: Db): ExamSession[] {
  return sessionRows(db).map(toSession);
}

function getSession(db: Db, id: number): ExamSession | null {
  const row = sessionById(db, id);
  return row ? toSession(row) : null;
}

function findSessionByName(db: Db, name: string): ExamSession | null {
  const row = sessionByName(db, name);
  return row ? toSession(row) : null;
}

export function createSession(
  db: Db,
  input: { name: string; date?: string | undefined; site?: string | undefined; blindFirst?: boolean | undefined },
  actor: string,
): ExamSession {
  return db.transaction(() => {
    if (findSessionByName(db, input.name)) throw new DuplicateSessionError(input.name);
    const id = insertSession(db, {
      name: input.name,
      date: input.date ?? null,
      site: input.site || null,
      blindFirst: input.blindFirst !== false,
      at: nowIso(),
    });
    const session = getSession(db, id)!;
    appendAudit(db, { actor, action: 'create', entity: 'exam_session', entityId: session.id, after: input });
    return session;
  })();
}
