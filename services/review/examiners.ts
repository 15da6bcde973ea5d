/** Examiners are raters of kind 'examiner', created by name when one first picks themself. */
import type { Db } from '../../db/connection';
import type { Examiner } from '../../contract/review';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { NotAnExaminerError } from './errors';

export function listExaminers(db: Db): Examiner[] {
  return db.prepare(`SELECT id, name FROM raters WHERE kind = 'examiner' ORDER BY name COLLATE NOCASE, id`).all() as Examiner[];
}

/** Finds the examiner by name (spacing normalised) or creates them; picking an existing name is not an error. */
export function addExaminer(db: Db, rawName: string, actor: string): Examiner {
  const name = rawName.trim().replace(/\s+/g, ' ');
  return db.transaction(() => {
    const found = db
      .prepare(`SELECT id, name FROM raters WHERE kind = 'examiner' AND config_key = '' AND name = ? COLLATE NOCASE`)
      .get(name) as Examiner | undefined;
    if (found) return found;
    const info = db.prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', ?, ?)`).run(name, nowIso());
    const examiner = { id: Number(info.lastInsertRowid), name };
    appendAudit(db, { actor, action: 'create', entity: 'examiner', entityId: examiner.id, after: { name } });
    return examiner;
  })();
}

export function getExaminer(db: Db, id: number): Examiner {
  const row = db.prepare('SELECT id, name, kind FROM raters WHERE id = ?').get(id) as (Examiner & { kind: string }) | undefined;
  if (!row) throw new NotFoundError(`Examiner ${id}`);
  if (row.kind !== 'examiner') throw new NotAnExaminerError(id);
  return { id: row.id, name: row.name };
}

/** The audit actor for an examiner's own actions: stable key plus the name a reader recognises. */
export const examinerActor = (e: Examiner): string => `examiner:${e.id} (${e.name})`;
