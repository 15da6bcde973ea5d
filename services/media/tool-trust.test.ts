/**
 * Security review A1: a program path stored in the exam database is never run. ffmpeg and ffprobe
 * paths are this user's own settings: in the app a file in the user-data folder that only a
 * Settings change writes, on the command line OSCE_FFMPEG / OSCE_FFPROBE. A path an older version
 * stored in the database is moved out of it (audited) and not used until the user confirms it in
 * Settings. A path is checked before anything runs it: a regular file owned by root or this user,
 * neither it nor its folder writable by others.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { settingsView, updateSettings } from '../system/settings';
import { testMediaBinaries } from '../../tests/support/test-media';
import { osce } from '../../tests/support/run-cli';
import { fixedToolPaths } from './tool-settings';
import { mediaToolPathProblem } from './tool-path';

const dir = mkdtempSync(join(tmpdir(), 'osce-a1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const real = testMediaBinaries();

/** A wrapper that leaves a mark when it runs, then behaves as the real ffprobe (it answers -version). */
function wrapper(folder: string, mode = 0o755): { path: string; ran: () => boolean } {
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  chmodSync(folder, 0o755);
  const path = join(folder, 'ffprobe');
  const mark = join(folder, 'ran.txt');
  writeFileSync(path, `#!/bin/sh\necho ran >> '${mark}'\nexec '${real.ffprobe}' "$@"\n`);
  chmodSync(path, mode);
  return { path, ran: () => existsSync(mark) };
}

/** A database whose settings name that wrapper, as `sqlite3 a.db "INSERT INTO settings ..."` would. */
function databaseNaming(path: string): string {
  const dbPath = join(mkdtempSync(join(dir, 'db-')), 'osce.sqlite');
  openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger }).close();
  const raw = new Database(dbPath);
  raw.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('ffprobePath', ?, 'x')`).run(JSON.stringify(path));
  raw.close();
  return dbPath;
}

describe('tool paths are never taken from the exam database (security review A1)', () => {
  it('osce doctor and the command line do not run a path the database names', async () => {
    const w = wrapper(join(dir, 'shared-1'));
    const dbPath = databaseNaming(w.path);
    const r = osce(['doctor', '--db', dbPath, '--json']);
    expect(JSON.parse(r.stdout).ffprobe.path).not.toBe(w.path);
    const { ctx, close } = openServiceContext({
      dbPath,
      appVersion: 'test',
      logger: silentLogger,
      toolPaths: fixedToolPaths({}),
    });
    await ctx.media.status();
    ctx.media.binaries();
    close();
    expect(w.ran()).toBe(false);
  });

  it('the app moves such a path out of the database, audited, and keeps it unused until confirmed in Settings', async () => {
    const w = wrapper(join(dir, 'shared-2'));
    const dbPath = databaseNaming(w.path);
    const userDir = join(dir, 'user-2');
    const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger, userDir });
    try {
      expect(ctx.media.binaries().ffprobe).not.toBe(w.path);
      const settings = settingsView(ctx);
      expect(settings.ffprobePath).toBeNull();
      expect(settings.toolPathsPending).toEqual({ ffmpegPath: null, ffprobePath: w.path });
      expect(ctx.db.prepare(`SELECT count(*) FROM settings WHERE key LIKE 'ff%Path'`).pluck().get()).toBe(0);
      const event = ctx.db
        .prepare(`SELECT after FROM audit_events WHERE action = 'tool_path_moved'`)
        .pluck()
        .get() as string;
      expect(JSON.parse(event)).toMatchObject({ tool: 'ffprobe', path: w.path });
      expect(w.ran()).toBe(false);

      // The user confirms it in Settings: checked, then kept in the user's own file, not the database.
      const saved = updateSettings(ctx, { ffprobePath: w.path });
      expect(saved).toMatchObject({ ffprobePath: w.path, toolPathsPending: { ffmpegPath: null, ffprobePath: null } });
      expect(JSON.parse(readFileSync(join(userDir, 'tool-paths.json'), 'utf8'))).toMatchObject({
        current: { ffprobePath: w.path },
        pending: { ffprobePath: null },
      });
      expect(ctx.db.prepare(`SELECT count(*) FROM settings WHERE key LIKE 'ff%Path'`).pluck().get()).toBe(0);
      expect(ctx.media.binaries().ffprobe).toBe(w.path);
    } finally {
      close();
    }
  });

  it('a program others could replace is refused before it is run, naming why', () => {
    const groupWritableFile = wrapper(join(dir, 'gw-file'), 0o775);
    expect(mediaToolPathProblem('ffprobe', groupWritableFile.path)).toMatch(
      /can be changed by other users \(group or others may write to it\)/,
    );
    expect(groupWritableFile.ran()).toBe(false);

    const openFolder = wrapper(join(dir, 'open-folder'));
    chmodSync(join(dir, 'open-folder'), 0o777);
    expect(mediaToolPathProblem('ffprobe', openFolder.path)).toMatch(
      /its folder .*open-folder can be changed by other users/,
    );
    expect(openFolder.ran()).toBe(false);

    const fine = wrapper(join(dir, 'own-bin'));
    expect(mediaToolPathProblem('ffprobe', fine.path)).toBeNull();
    expect(fine.ran()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'a program owned by another user is refused (run as root here, so a chown is possible)',
    () => {
      const other = join(dir, 'other-owner');
      mkdirSync(other, { mode: 0o755 });
      const path = join(other, 'ffprobe');
      copyFileSync(real.ffprobe, path);
      chownSync(path, 65534, 65534);
      expect(mediaToolPathProblem('ffprobe', path)).toMatch(/belongs to another user \(uid 65534\)/);
    },
  );

  it('the command line takes its tool paths from OSCE_FFMPEG / OSCE_FFPROBE', () => {
    const w = wrapper(join(dir, 'cli-env'));
    const dbPath = databaseNaming('/nowhere/ffprobe');
    const r = osce(['doctor', '--db', dbPath, '--json'], { OSCE_FFPROBE: w.path });
    expect(JSON.parse(r.stdout).ffprobe).toMatchObject({ path: w.path, source: 'setting' });
  });
});
