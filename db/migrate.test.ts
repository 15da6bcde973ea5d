import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { openDatabase, closeDatabase } from './connection';
import { SCHEMA_VERSION, schemaVersion } from './migrate';
import { NewerSchemaError } from './errors';
import { migrations } from './migrations';

const tmp = () => mkdtempSync(join(tmpdir(), 'osce-db-'));

describe('database', () => {
  it('creates a fresh database at the current schema with the required settings', () => {
    const file = join(tmp(), 'exam.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
    for (const t of ['exam_sessions', 'stations', 'candidates', 'recordings', 'raters', 'step_scores',
      'model_runs', 'adjudications', 'audit_events', 'background_jobs', 'rubrics']) {
      expect(tables).toContain(t);
    }
    closeDatabase(db);
  });

  it('refuses a database from a newer schema and leaves it byte-for-byte unchanged', () => {
    const file = join(tmp(), 'newer.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(NewerSchemaError);
    try {
      openDatabase(file);
    } catch (err) {
      expect((err as Error).message).toMatch(/newer version of the app/);
      expect((err as Error).message).toContain(file);
    }
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('runs all pending migrations in one transaction: a failing migration keeps nothing', async () => {
    const file = join(tmp(), 'fail.sqlite');
    const list = migrations as unknown as { version: number; name: string; sql: string }[];
    list.push({ version: list.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' });
    try {
      const mod = await import('./migrate');
      const db = new Database(file);
      expect(() => mod.migrate(db)).toThrow(new RegExp(`migration ${list.length} failed`));
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM sqlite_master`).pluck().get()).toBe(0);
      db.close();
    } finally {
      list.pop();
    }
  });

  it('keeps audit events append-only', () => {
    const db = openDatabase(join(tmp(), 'audit.sqlite'));
    db.prepare(
      `INSERT INTO audit_events (at, actor, action, entity, prev_hash, hash) VALUES ('t', 'a', 'x', 'y', '', 'h')`,
    ).run();
    expect(() => db.prepare(`UPDATE audit_events SET actor = 'b'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_events`).run()).toThrow(/append-only/);
    closeDatabase(db);
  });

  it('migrations stay additive: released migration text is pinned', () => {
    // If this fails you edited a released migration. Add a new migration instead.
    const pinned = JSON.parse(readFileSync(new URL('./migrations.lock.json', import.meta.url), 'utf8')) as {
      version: number;
      sha256: string;
    }[];
    for (const p of pinned) {
      const m = migrations.find((x) => x.version === p.version);
      expect(m, `migration ${p.version} exists`).toBeTruthy();
      expect(createHash('sha256').update(m!.sql).digest('hex')).toBe(p.sha256);
    }
    for (const m of migrations) {
      expect(m.sql).not.toMatch(/\bDROP\s+(TABLE|COLUMN)\b/i);
    }
  });
});
