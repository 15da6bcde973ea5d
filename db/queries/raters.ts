/** Raters: examiners and model configurations alike, each known by (kind, name, config key). */
import type { Db } from '../connection';

export interface RaterRow {
  id: number;
  kind: 'examiner' | 'model';
  name: string;
  config_key: string;
  config: string;
  created_at: string;
}

export const raterById = (db: Db, id: number): RaterRow | undefined =>
  db.prepare('SELECT * FROM raters WHERE id = ?').get(id) as RaterRow | undefined;

export const raterRows = (db: Db): RaterRow[] => db.prepare('SELECT * FROM raters').all() as RaterRow[];

export const examinerRows = (db: Db): { id: number; name: string }[] =>
  db.prepare(`SELECT id, name FROM raters WHERE kind = 'examiner' ORDER BY name COLLATE NOCASE, id`).all() as {
    id: number;
    name: string;
  }[];

/** An examiner by name, ignoring case. */
export const examinerNamed = (db: Db, name: string): { id: number; name: string } | undefined =>
  db
    .prepare(`SELECT id, name FROM raters WHERE kind = 'examiner' AND config_key = '' AND name = ? COLLATE NOCASE`)
    .get(name) as { id: number; name: string } | undefined;

export interface NewRater {
  kind: 'examiner' | 'model';
  name: string;
  configKey: string;
  config: string;
  at: string;
}

export const raterIdOf = (db: Db, kind: string, name: string, configKey: string): number | undefined =>
  db
    .prepare('SELECT id FROM raters WHERE kind = ? AND name = ? AND config_key = ?')
    .pluck()
    .get(kind, name, configKey) as number | undefined;

export const insertRater = (db: Db, r: NewRater): number =>
  Number(
    db
      .prepare('INSERT INTO raters (kind, name, config_key, config, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(r.kind, r.name, r.configKey, r.config, r.at).lastInsertRowid,
  );

/** The rater with this identity, created (with this config) when it does not exist yet. */
export function ensureRater(db: Db, r: NewRater): number {
  db.prepare(
    `INSERT INTO raters (kind, name, config_key, config, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, name, config_key) DO NOTHING`,
  ).run(r.kind, r.name, r.configKey, r.config, r.at);
  return raterIdOf(db, r.kind, r.name, r.configKey)!;
}
