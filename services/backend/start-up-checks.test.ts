/**
 * The full integrity check reads every page (0.8 s at 100,000 recordings), so it runs where it
 * matters: after an unclean shutdown, when asked (`osce doctor`, `osce backup`), and in the app in
 * a thread of its own once the window is usable; not at every command's open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  rmSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { DatabaseCorruptError } from '../../db/errors';
import type { IntegrityCheckState } from '../../contract/system';
import { silentLogger } from '../core/log';
import { automaticBackup } from '../integrity/backup';
import { checkIntegrityInBackground } from './background-check';
import { openServiceContext } from './open';

const tmp = () => mkdtempSync(join(tmpdir(), 'osce-startup-'));
const open = (dbPath: string, integrityCheck?: 'always') =>
  openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger, integrityCheck });

let threadFile: string;
afterAll(() => rmSync(dirname(threadFile), { recursive: true, force: true }));
beforeAll(async () => {
  // The thread as the app ships it: bundled beside the backend worker (in the checkout, so it finds better-sqlite3).
  const root = join(import.meta.dirname, '..', '..');
  mkdirSync(join(root, 'dist'), { recursive: true });
  threadFile = join(mkdtempSync(join(root, 'dist', 'startup-check-')), 'integrity-check.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'integrity-check-thread.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: threadFile,
    logLevel: 'error',
  });
});

/**
 * A database whose last pages (candidate rows no open reads) are overwritten, as a failing disk
 * would; its newest backup is taken first.
 */
async function damagedDatabase(): Promise<{ dbPath: string; backup: string }> {
  const dir = tmp();
  const dbPath = join(dir, 'osce.sqlite');
  const a = open(dbPath);
  const insert = a.ctx.db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?)');
  a.ctx.db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`C${i}-${'x'.repeat(300)}`, '2026-01-01T00:00:00.000Z');
  })();
  const { file: backup } = await automaticBackup(a.ctx.db, join(dir, 'backups'), 5, 'manual');
  a.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  a.close();
  const size = statSync(dbPath).size;
  const fd = openSync(dbPath, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, size - 4096 * 8);
  closeSync(fd);
  return { dbPath, backup };
}

/** The marker a process leaves while it has the database open, from a process that has ended. */
function crashedProcessMarker(dbPath: string): void {
  const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
  mkdirSync(`${dbPath}.open`, { recursive: true });
  writeFileSync(join(`${dbPath}.open`, `${hostname().replace(/[^A-Za-z0-9._]/g, '_')}-${ended}-0123456789ab`), '');
}

describe('start-up integrity checks', () => {
  let damaged: { dbPath: string; backup: string };
  beforeAll(async () => {
    damaged = await damagedDatabase();
  });

  it('an ordinary open after a clean shutdown does not read the whole file', () => {
    const dbPath = join(tmp(), 'osce.sqlite');
    open(dbPath).close();
    expect(readdirSync(`${dbPath}.open`)).toEqual([]); // the marker went with the clean close
    const again = open(dbPath);
    expect(again.checked).toBe(false);
    again.close();
    // The damaged file still opens for an ordinary command: the damage is in pages it does not read.
    const opened = open(damaged.dbPath);
    expect(opened.checked).toBe(false);
    opened.close();
  });

  it('after an unclean shutdown the full check runs first and a damaged database is refused with its backup named', () => {
    crashedProcessMarker(damaged.dbPath);
    let caught: unknown;
    try {
      open(damaged.dbPath).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatabaseCorruptError);
    expect((caught as Error).message).toContain(damaged.backup);

    const intact = join(tmp(), 'osce.sqlite');
    open(intact).close();
    crashedProcessMarker(intact);
    const opened = open(intact);
    expect(opened.checked).toBe(true);
    expect(opened.ctx.integrityCheck?.state).toBe('ok');
    opened.close();
    expect(readdirSync(`${intact}.open`)).toEqual([]); // the crashed process's marker is gone too
  });

  it('`osce doctor` and `osce backup` ask for the full check at every open', () => {
    expect(() => open(damaged.dbPath, 'always')).toThrow(DatabaseCorruptError);
  });

  it("the app's background check reports damage with the latest backup, and an intact database as ok", async () => {
    const events: IntegrityCheckState[] = [];
    const emit = ((_event: string, payload: IntegrityCheckState) => events.push(payload)) as never;
    const bad = open(damaged.dbPath);
    try {
      const state = await checkIntegrityInBackground(bad.ctx, emit, { threadFile });
      expect(state.state).toBe('damaged');
      expect(state.detail).toMatch(/page|tree|corrupt|malformed/i);
      expect(state.latestBackup).toBe(damaged.backup);
      expect(bad.ctx.integrityCheck).toEqual(state);
      expect(events).toEqual([state]);
    } finally {
      bad.close();
    }
    const dbPath = join(tmp(), 'osce.sqlite');
    const good = open(dbPath);
    try {
      expect((await checkIntegrityInBackground(good.ctx, emit, { threadFile })).state).toBe('ok');
    } finally {
      good.close();
    }
  });
});
