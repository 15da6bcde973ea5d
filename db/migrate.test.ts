import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { openDatabase, closeDatabase } from './connection';
import { SCHEMA_VERSION, schemaVersion } from './migrate';
import { NewerSchemaError } from './errors';
import { migrations } from './migrations';
import { runAnswer } from './queries/model-runs';

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
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    for (const t of [
      'exam_sessions',
      'stations',
      'candidates',
      'recordings',
      'raters',
      'step_scores',
      'model_runs',
      'adjudications',
      'audit_events',
      'background_jobs',
      'rubrics',
    ]) {
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
    list.push({
      version: list.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;',
    });
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
  it('migration 8 moves every accepted answer into its typed table and reads it back as it was validated', () => {
    const file = join(tmp(), 'v7.sqlite');
    const raw = new Database(file);
    for (const m of migrations.slice(0, 7)) raw.exec(m.sql);
    raw.pragma('user_version = 7');
    raw.exec(`INSERT INTO rubrics VALUES ('r', 1, 't', 's', 'h', '{}', 0, 't');
      INSERT INTO raters (kind, name, created_at) VALUES ('model', 'm', 't');
      INSERT INTO exam_sessions (name, created_at) VALUES ('s', 't');
      INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (1, 'S', 'r', 1);
      INSERT INTO recordings (sha256, session_id, station_id, original_path, stored_path, storage, size_bytes, duration_s, width, height,
        video_codec, has_audio, imported_at) VALUES ('${'a'.repeat(64)}', 1, 1, '/x', '/x', 'copy', 1, 9, 1, 1, 'h264', 0, 't');`);
    const run = raw.prepare(
      `INSERT INTO model_runs (recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode, prompt_version, prompt_hash,
         rubric_id, rubric_version, frame_spec, parsed, created_at) VALUES (1, 1, ?, 'done', 'local', 'h', 'm', ?, 'full', 'p', 'h', 'r', 1, '{}', ?, 't')`,
    );
    const scored = {
      task: 'score',
      steps: {
        a: { rationale: 'Seal held.', evidence_s: [1.5, 3], score: 2 },
        b: { rationale: 'No breaths.', evidence_s: [], score: 0 },
      },
      extractedFrom: 'fenced',
    };
    const judged = {
      task: 'binary',
      steps: {
        a: { rationale: 'Done.', evidence_s: [4], correct: true },
        b: { rationale: 'Missed.', evidence_s: [], correct: false },
      },
      extractedFrom: 'whole',
    };
    run.run('k1', 'score', JSON.stringify(scored));
    run.run('k2', 'binary', JSON.stringify(judged));
    raw.close();

    const db = openDatabase(file);
    expect(runAnswer(db, 1)).toEqual(scored);
    expect(runAnswer(db, 2)).toEqual(judged);
    expect(db.prepare('SELECT count(*) FROM model_runs WHERE parsed IS NOT NULL').pluck().get()).toBe(0);
    closeDatabase(db);
  });
});
