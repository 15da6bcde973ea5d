import { describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { createSession, listSessions } from '../recordings/sessions';
import {
  backupDatabase,
  BackupFileError,
  checkBackupFile,
  restoreDatabase,
  automaticBackup,
  listBackups,
} from './backup';
import { loadFileKeys } from './keys';
import { silentLogger } from '../core/log';
import { DatabaseCorruptError } from '../../db/errors';
import { SCHEMA_VERSION } from '../../db/migrate';

const tmp = () => mkdtempSync(join(tmpdir(), 'osce-backup-'));
const open = (dbPath: string) => openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });

describe('backups', () => {
  it('round-trips: restore brings back exactly what was backed up and keeps the current database aside', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'Before backup' }, 'test');
    await backupDatabase(a.ctx.db, join(dir, 'b.sqlite'), a.ctx.keys);
    createSession(a.ctx.db, { name: 'After backup' }, 'test');
    a.close();

    const { keptAside } = await restoreDatabase(dbPath, join(dir, 'b.sqlite'), { keys: loadFileKeys(dbPath) });
    const b = open(dbPath);
    expect(listSessions(b.ctx.db).map((s) => s.name)).toEqual(['Before backup']);
    b.close();
    const aside = new Database(keptAside!, { readonly: true });
    expect(aside.prepare('SELECT name FROM exam_sessions ORDER BY id').pluck().all()).toEqual([
      'Before backup',
      'After backup',
    ]);
    aside.close();
  });

  it('refuses a corrupt, foreign, newer or missing backup and leaves the database alone', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'Keep me' }, 'test');
    await backupDatabase(a.ctx.db, join(dir, 'good.sqlite'));
    a.close();
    const before = readFileSync(dbPath);

    writeFileSync(join(dir, 'random.sqlite'), Buffer.from('not a database at all, just text'));
    const truncated = readFileSync(join(dir, 'good.sqlite'));
    writeFileSync(join(dir, 'truncated.sqlite'), truncated.subarray(0, Math.floor(truncated.length / 2)));
    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(join(dir, 'good.sqlite'), damaged);
    const fd = openSync(damaged, 'r+');
    // Overwrite the b-tree page header of page 1 (the schema table), leaving the file header intact.
    writeSync(fd, Buffer.alloc(1000, 0xab), 0, 1000, 100);
    closeSync(fd);
    const foreign = new Database(join(dir, 'foreign.sqlite'));
    foreign.exec('CREATE TABLE notes (x)');
    foreign.close();
    const newer = new Database(join(dir, 'newer.sqlite'));
    newer.exec(
      'CREATE TABLE exam_sessions (x); CREATE TABLE recordings (x); CREATE TABLE step_scores (x); CREATE TABLE audit_events (x);',
    );
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();

    const cases: [string, RegExp][] = [
      ['random.sqlite', /not an SQLite database/],
      ['truncated.sqlite', /integrity check failed|cannot be read/],
      ['damaged.sqlite', /integrity check failed|cannot be read/],
      ['foreign.sqlite', /not an exam database/],
      ['newer.sqlite', /newer version of the app/],
      ['missing.sqlite', /does not exist/],
    ];
    for (const [name, why] of cases) {
      await expect(restoreDatabase(dbPath, join(dir, name), { keys: loadFileKeys(dbPath) }), name).rejects.toThrow(
        BackupFileError,
      );
      expect(() => checkBackupFile(join(dir, name)), name).toThrow(why);
    }
    expect(Buffer.compare(readFileSync(dbPath), before)).toBe(0);
  });

  it('keeps only the newest N automatic backups', async () => {
    const dir = tmp();
    const a = open(join(dir, 'osce.sqlite'));
    for (let i = 0; i < 4; i++) {
      await automaticBackup(a.ctx.db, join(dir, 'backups'), 2, 'manual');
      await new Promise((r) => setTimeout(r, 15));
    }
    a.close();
    expect(listBackups(join(dir, 'backups'))).toHaveLength(2);
  });

  it('refuses a damaged database at a checked open (doctor, backup, after a crash) and names the latest backup', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    for (let i = 0; i < 200; i++) createSession(a.ctx.db, { name: `Session ${i} ${'x'.repeat(200)}` }, 'test');
    const { file } = await automaticBackup(a.ctx.db, join(dir, 'backups'), 5, 'manual');
    a.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    a.close();
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 3);
    closeSync(fd);
    let caught: unknown;
    try {
      openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger, integrityCheck: 'always' }).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatabaseCorruptError);
    expect((caught as Error).message).toContain(file);
    expect((caught as Error).message).toContain('osce restore');
  });
});
