/** Examiners are raters of kind 'examiner', created by name when one first picks themself. */
import type { Db } from '../../db/connection';
import { examinerNamed, examinerRows, insertRater, raterById } from '../../db/queries/raters';
import type { Examiner } from '../../contract/review';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { NotAnExaminerError } from './errors';
import { InvalidArgumentsError } from '../../contract/validate';
import { nameProblem } from '../../domain/names';

export function listExaminers(db: Db): Examiner[] {
  return examinerRows(db);
}

/**
 * Finds the examiner by name (spacing normalised) or creates them; picking an existing name is not
 * an error. The name follows the one name rule (domain/names.ts), whoever calls.
 */
export function addExaminer(db: Db, rawName: string, actor: string): Examiner {
  const name = rawName.trim().replace(/[ \t]+/g, ' ');
  const problem = nameProblem('examiner', name);
  if (problem) throw new InvalidArgumentsError('addExaminer', [{ path: 'name', message: problem }]);
  return db.transaction(() => {
    const found = examinerNamed(db, name);
    if (found) return found;
    const examiner = {
      id: insertRater(db, { kind: 'examiner', name, configKey: '', config: '{}', at: nowIso() }),
      name,
    };
    appendAudit(db, { actor, action: 'create', entity: 'examiner', entityId: examiner.id, after: { name } });
    return examiner;
  })();
}

export function getExaminer(db: Db, id: number): Examiner {
  const row = raterById(db, id);
  if (!row) throw new NotFoundError(`Examiner ${id}`);
  if (row.kind !== 'examiner') throw new NotAnExaminerError(id);
  return { id: row.id, name: row.name };
}

/** The audit actor for an examiner's own actions: stable key plus the name a reader recognises. */
export const examinerActor = (e: Examiner): string => `examiner:${e.id} (${e.name})`;
