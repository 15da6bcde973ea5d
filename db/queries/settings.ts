/** Settings (JSON values by key), stored secrets (ciphertext only) and the database's own facts (app_meta). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../connection';

export interface SettingRow {
  key: string;
  value: string;
}

export const settingRows = (db: Db): SettingRow[] =>
  db.prepare('SELECT key, value FROM settings').all() as SettingRow[];

/** Writes every entry (JSON text) in one transaction. */
export function putSettings(db: Db, entries: readonly [key: string, json: string][], at: string): void {
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  db.transaction(() => {
    for (const [key, value] of entries) put.run(key, value, at);
  })();
}

/** Deletes these settings in one statement each; true when any was there. */
export function deleteSettings(db: Db, keys: readonly string[]): boolean {
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  return keys.map((k) => del.run(k).changes > 0).some(Boolean);
}

export interface SecretRow {
  ciphertext: Buffer;
  backend: string;
}

export const secretRow = (db: Db, name: string): SecretRow | undefined =>
  db.prepare('SELECT ciphertext, backend FROM secrets WHERE name = ?').get(name) as SecretRow | undefined;

export const hasSecret = (db: Db, name: string): boolean =>
  db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;

export function putSecret(db: Db, name: string, ciphertext: Buffer, backend: string, at: string): void {
  db.prepare(
    `INSERT INTO secrets (name, ciphertext, backend, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET ciphertext = excluded.ciphertext, backend = excluded.backend, updated_at = excluded.updated_at`,
  ).run(name, ciphertext, backend, at);
}

/** True when a secret was there to delete. */
export const deleteSecret = (db: Db, name: string): boolean =>
  db.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes > 0;

export const metaValue = (db: Db, key: string): string | undefined =>
  db.prepare('SELECT value FROM app_meta WHERE key = ?').pluck().get(key) as string | undefined;

export function putMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** A stable id for this database, made on first use. */
export function workstationIdOf(db: Db): string {
  db.prepare(`INSERT OR IGNORE INTO app_meta (key, value) VALUES ('workstation_id', ?)`).run(randomUUID());
  return metaValue(db, 'workstation_id')!;
}
