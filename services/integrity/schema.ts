/**
 * The schema this app's migrations create, as SQLite stores it (sqlite_master), to compare a
 * database against: a backup about to be restored, or the live database in `osce audit verify`.
 * Anything extra (a trigger that zeroes new scores, a view, an index), missing or changed is named.
 */
import type { Db } from '../../db/connection';
import { schemaObjects, scratchDatabase, type SchemaObject } from '../../db/database-file';
import { migrations } from '../../db/migrations';

export type { SchemaObject };

const normalise = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();
const cache = new Map<number, Map<string, SchemaObject>>();

/** sqlite_master of a fresh database migrated to `version` (default: the latest), keyed by type and name. */
function expectedSchema(version = migrations.length): Map<string, SchemaObject> {
  let found = cache.get(version);
  if (found) return found;
  const db = scratchDatabase(migrations.slice(0, version).map((m) => m.sql));
  try {
    found = objects(db);
  } finally {
    db.close();
  }
  cache.set(version, found);
  return found;
}

function objects(db: Db): Map<string, SchemaObject> {
  const rows = schemaObjects(db);
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r]));
}

/** Every difference between the database's schema and the one migrations make, in words; empty when equal. */
export function schemaDifferences(db: Db, version: number): string[] {
  const want = expectedSchema(version);
  const have = objects(db);
  const out: string[] = [];
  for (const [k, w] of want) {
    const h = have.get(k);
    if (!h) out.push(`${k} is missing`);
    else if (normalise(h.sql) !== normalise(w.sql)) out.push(`${k} differs from what this app creates`);
  }
  for (const k of have.keys()) if (!want.has(k)) out.push(`${k} is not part of this app's schema`);
  return out.sort();
}
