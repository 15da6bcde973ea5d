import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection';

/** A stable id for this database, so bundles from two workstations can be told apart. */
export function workstationId(db: Db): string {
  db.prepare(`INSERT OR IGNORE INTO app_meta (key, value) VALUES ('workstation_id', ?)`).run(randomUUID());
  return db.prepare(`SELECT value FROM app_meta WHERE key = 'workstation_id'`).pluck().get() as string;
}
