/**
 * Issue 12, finding 6 and the backup part of 10: a restore is refused (and says why, naming the
 * other process) while the database is open elsewhere; a backup whose schema differs from what the
 * migrations create (an extra trigger that zeroes new scores) is refused; nothing is left beside
 * backups; a lock held by another process does not turn a finished backup into a failure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { backupDatabase, BackupFileError, DatabaseInUseError, restoreDatabase } from './backup';
import { loadFileKeys } from './keys';
import { silentLogger } from '../core/log';
import { createSession, listSessions } from '../recordings/sessions';
import { osce } from '../../tests/support/run-cli';

const root = resolve(import.meta.dirname, '..', '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'osce-restore-'));
const open = (dbPath: string) => openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** Another process (a second node) holding an open write transaction on the database until killed. */
async function holdWriteTransaction(dbPath: string): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))});
    const db = new Database(${JSON.stringify(dbPath)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO app_meta (key, value) VALUES ('held', '1')").run();
    process.stdout.write('holding\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && ok());
    child.on('exit', (code) => fail(new Error(`holder exited with ${code}`)));
  });
  return child;
}

const leftovers = (dir: string) =>
  readdirSync(dir).filter((n) => /-wal$|-shm$|-journal$|\.partial$|restore-partial/.test(n));

describe('truthful restore (issue 12, finding 6)', () => {
  it('refuses while another process holds a write transaction, naming it, and changes nothing', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'In the backup' }, 'test');
    await backupDatabase(a.ctx.db, join(dir, 'b.sqlite'), a.ctx.keys);
    createSession(a.ctx.db, { name: 'Only live' }, 'test');
    a.close();
    const holder = await holdWriteTransaction(dbPath);
    const before = readFileSync(dbPath);

    const err = await restoreDatabase(dbPath, join(dir, 'b.sqlite'), { keys: loadFileKeys(dbPath) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseInUseError);
    expect((err as Error).message).toMatch(/is open in another program \(process \d+: .*node/);
    expect((err as Error).message).toMatch(/Nothing was restored and the database was not changed/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((n) => /restore-partial|before-restore/.test(n))).toEqual([]);

    // The command line says the same and exits 1 instead of printing "restored".
    const r = osce(['restore', join(dir, 'b.sqlite'), '--db', dbPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('restored');
    expect(r.stderr).toMatch(/open in another program/);

    holder.kill();
    await new Promise((ok) => holder.once('exit', ok));
    const done = osce(['restore', join(dir, 'b.sqlite'), '--db', dbPath]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/pages, content hash [0-9a-f]{16}… equal to the backup's/);
    expect(done.stdout).toContain('the restore was recorded in the audit trail');
    const b = open(dbPath);
    expect(listSessions(b.ctx.db).map((s) => s.name)).toEqual(['In the backup']);
    b.close();
    expect(osce(['audit', 'verify', '--db', dbPath]).code).toBe(0);
    expect(leftovers(dir)).toEqual([]);
  });

  it('refuses a backup with a trigger that zeroes new scores (the whole schema is compared with the migrations)', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    await backupDatabase(a.ctx.db, join(dir, 'good.sqlite'), a.ctx.keys);
    a.close();
    const evil = join(dir, 'evil.sqlite');
    copyFileSync(join(dir, 'good.sqlite'), evil);
    const raw = new Database(evil);
    raw.exec(
      `CREATE TRIGGER zero_scores AFTER INSERT ON step_scores BEGIN UPDATE step_scores SET score = 0 WHERE id = NEW.id; END`,
    );
    raw.close();
    const extraIndex = join(dir, 'index.sqlite');
    copyFileSync(join(dir, 'good.sqlite'), extraIndex);
    const raw2 = new Database(extraIndex);
    raw2.exec(`DROP INDEX recordings_size`);
    raw2.close();
    const before = readFileSync(dbPath);
    await expect(restoreDatabase(dbPath, evil, { keys: loadFileKeys(dbPath) })).rejects.toThrow(
      /trigger zero_scores is not part of this app's schema/,
    );
    await expect(restoreDatabase(dbPath, extraIndex, { keys: loadFileKeys(dbPath) })).rejects.toThrow(
      /index recordings_size is missing/,
    );
    await expect(restoreDatabase(dbPath, evil, { keys: loadFileKeys(dbPath) })).rejects.toBeInstanceOf(BackupFileError);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('leaves no -wal, -shm or .partial beside a backup, and carries the audit anchor in it', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'S' }, 'test');
    const backups = join(dir, 'backups');
    const { file } = await backupDatabase(a.ctx.db, join(backups, 'b.sqlite'), a.ctx.keys);
    a.close();
    expect(readdirSync(backups)).toEqual(['b.sqlite']);
    const copy = new Database(file, { readonly: true });
    const anchor = JSON.parse(
      copy.prepare(`SELECT value FROM app_meta WHERE key = 'audit_anchor'`).pluck().get() as string,
    ) as { head: { seq: number } };
    const head = copy.prepare('SELECT max(seq) FROM audit_events').pluck().get();
    copy.close();
    expect(anchor.head.seq).toBe(head);
    expect(readdirSync(backups)).toEqual(['b.sqlite']);
  });

  it('a lock held by another process does not turn a finished backup or verify into a failure (PRAGMA optimize at close)', async () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'S' }, 'test');
    a.close();
    await holdWriteTransaction(dbPath);
    const b = osce(['backup', '--out', join(dir, 'b.sqlite'), '--db', dbPath]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const v = osce(['audit', 'verify', '--db', dbPath]);
    expect(v.code).toBe(0);
    expect(existsSync(join(dir, 'b.sqlite.partial'))).toBe(false);
  });
});
