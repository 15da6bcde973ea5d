/**
 * Security review B: the backup folder is a setting the page (or anyone editing the database)
 * can name, and rotation deletes files in it. A folder must be an absolute path to a folder, and
 * rotation removes only backups this app made of this database: the exact name it gives them and,
 * inside, the mark of this database. Anything else there, named like a backup or not, stays.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { updateSettings } from '../system/settings';
import { automaticBackup, listBackups } from './backup';
import { backupFolder } from './backup-schedule';

const open = (dbPath: string) => openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
const pause = () => new Promise((r) => setTimeout(r, 15));

describe('backup rotation deletes only what the app made (security review B)', () => {
  it('keeps files that are not this database’s backups, whatever their names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-rotate-'));
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const other = open(join(dir, 'other', 'osce.sqlite'));
    const foreign = (await automaticBackup(other.ctx.db, join(dir, 'other-backups'), 5, 'manual', other.ctx.keys)).file;
    other.close();
    // Another database's backup, a look-alike name, and the user's own notes, all in the folder.
    const named = (n: string) => join(folder, n);
    copyFileSync(foreign, named('osce-2020-01-01T00-00-00-000Z-daily.sqlite'));
    writeFileSync(named('osce-notes.sqlite'), 'my notes');
    writeFileSync(named('osce-2020-01-02T00-00-00-000Z-exit.sqlite'), 'not a database');

    const a = open(join(dir, 'osce.sqlite'));
    for (let i = 0; i < 3; i++) {
      await automaticBackup(a.ctx.db, folder, 1, 'manual', a.ctx.keys);
      await pause();
    }
    a.close();
    for (const n of [
      'osce-2020-01-01T00-00-00-000Z-daily.sqlite',
      'osce-notes.sqlite',
      'osce-2020-01-02T00-00-00-000Z-exit.sqlite',
    ])
      expect(existsSync(named(n)), n).toBe(true);
    expect(listBackups(folder).filter((b) => b.file.endsWith('-manual.sqlite'))).toHaveLength(1);
  });

  it('a backup folder must be an absolute path to a folder; one in the database that is not is not used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-folder-'));
    const a = open(join(dir, 'osce.sqlite'));
    try {
      expect(() => updateSettings(a.ctx, { backupFolder: 'relative/backups' })).toThrow(/must be a full path/);
      writeFileSync(join(dir, 'a-file'), 'x');
      expect(() => updateSettings(a.ctx, { backupFolder: join(dir, 'a-file') })).toThrow(/is a file, not a folder/);
      expect(updateSettings(a.ctx, { backupFolder: join(dir, 'new-backups') }).backupFolder).toBe(
        join(dir, 'new-backups'),
      );
      const raw = new Database(join(dir, 'osce.sqlite'));
      raw.prepare(`UPDATE settings SET value = ? WHERE key = 'backupFolder'`).run(JSON.stringify('../../etc'));
      raw.close();
      expect(backupFolder(a.ctx)).toBe(join(dir, 'backups'));
    } finally {
      a.close();
    }
  });
});
