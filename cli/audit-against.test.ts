/**
 * Security review A10: `osce audit verify --against FILE` reads the other copy through the same
 * trust boundary as a restore or a bundle import: a FIFO, a file whose `audit_events` is a
 * recursive view, or anything that is not an intact backup or bundle is refused with the reason,
 * never opened with plain SQLite (which hung on both).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../services/backend/open';
import { backupDatabase } from '../services/integrity/backup';
import { createSession } from '../services/recordings/sessions';
import { silentLogger } from '../services/core/log';

const bin = resolve(import.meta.dirname, '..', 'bin', 'osce.mjs');

/** The CLI with a deadline: a hang fails the test instead of blocking it. */
function verifyAgainst(dbPath: string, other: string) {
  const r = spawnSync(process.execPath, [bin, 'audit', 'verify', '--db', dbPath, '--against', other, '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.signal, 'the command hung').toBeNull();
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function database() {
  const dir = mkdtempSync(join(tmpdir(), 'osce-a10-'));
  const dbPath = join(dir, 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  createSession(ctx.db, { name: 'Compared' }, 'test');
  await backupDatabase(ctx.db, join(dir, 'good.sqlite'), ctx.keys);
  close();
  return { dir, dbPath };
}

describe('audit verify --against goes through the backup and bundle checks (security review A10)', () => {
  it('a file whose audit_events is a recursive view is refused, naming why, without hanging', async () => {
    const { dir, dbPath } = await database();
    const hang = join(dir, 'hang.sqlite');
    const raw = new Database(hang);
    raw.exec(`CREATE TABLE app_meta(key, value);
      CREATE VIEW audit_events AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS seq, 'h' AS hash FROM c;`);
    raw.close();
    const r = verifyAgainst(dbPath, hang);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/hang\.sqlite cannot be compared: .*(no schema version|not an exam database)/);
  });

  it('a FIFO is refused as not a regular file, without hanging', async () => {
    const { dir, dbPath } = await database();
    const fifo = join(dir, 'fifo.sqlite');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = verifyAgainst(dbPath, fifo);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/fifo\.sqlite cannot be compared: it is not a regular file/);
  });

  it('a genuine backup is still compared, and agrees', async () => {
    const { dir, dbPath } = await database();
    const r = verifyAgainst(dbPath, join(dir, 'good.sqlite'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
  });
});
