import type Database from 'better-sqlite3';
import { migrations } from './migrations';
import { MigrationError, NewerSchemaError } from './errors';

export const SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs every pending migration in ONE transaction, so a database is either fully at the new
 * version or untouched. A database from a newer app version is refused before anything is written.
 */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) throw new NewerSchemaError(db.name, from, SCHEMA_VERSION);
  if (from === SCHEMA_VERSION) return { from, to: from };
  let current = from;
  try {
    db.transaction(() => {
      for (const m of migrations.slice(from)) {
        current = m.version;
        db.exec(m.sql);
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } catch (err) {
    throw new MigrationError(current, err);
  }
  return { from, to: SCHEMA_VERSION };
}
