import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrate';
import { nowIso } from './clock';

export class BackupFileError extends Error {
  override name = 'BackupFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} cannot be restored: ${reason}. The current database was not changed.`);
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';
const REQUIRED_TABLES = ['exam_sessions', 'recordings', 'step_scores', 'audit_events'];

/**
 * Copies the live database with SQLite's online backup API, never by copying files: a file copy of
 * a database in WAL mode can miss committed pages or catch a half-written one.
 */
export async function backupDatabase(db: Db, outFile: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    checkBackupFile(partial);
    renameSync(partial, outFile);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file: outFile, bytes: statSync(outFile).size };
}

/** Opens a candidate backup read-only and checks it is an intact database of this app, not newer. */
export function checkBackupFile(file: string): { schemaVersion: number } {
  if (!existsSync(file)) throw new BackupFileError(file, 'the file does not exist');
  if (!statSync(file).isFile()) throw new BackupFileError(file, 'it is not a file');
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_HEADER) throw new BackupFileError(file, 'it is not an SQLite database');
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') throw new BackupFileError(file, `its integrity check failed (${integrity})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new BackupFileError(file, `it was written by a newer version of the app (schema ${version}, this app ${SCHEMA_VERSION})`);
    }
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new BackupFileError(file, `it is not an exam database (no ${missing.join(', ')} table)`);
    return { schemaVersion: version };
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new BackupFileError(file, `it cannot be read as a database (${(err as Error).message})`);
  } finally {
    db?.close();
  }
}

/**
 * Restores a backup over the database at dbPath. The backup is checked first; the current database
 * is kept aside (itself through the backup API) before anything is replaced. Returns the aside file.
 * The caller must not hold the database open elsewhere (the CLI refuses while the app runs).
 */
export async function restoreDatabase(dbPath: string, backupFile: string): Promise<{ keptAside: string | null }> {
  checkBackupFile(backupFile);
  let keptAside: string | null = null;
  if (existsSync(dbPath)) {
    keptAside = `${dbPath}.before-restore-${nowIso().replace(/[:.]/g, '-')}`;
    const current = new Database(dbPath, { fileMustExist: true });
    try {
      await current.backup(keptAside);
    } finally {
      current.close();
    }
  }
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dbPath);
  } finally {
    source.close();
  }
  return { keptAside };
}

/** Automatic backups: named by time, the newest `keep` are kept. */
export async function automaticBackup(
  db: Db,
  folder: string,
  keep: number,
  reason: 'exit' | 'daily' | 'manual',
): Promise<{ file: string; removed: string[] }> {
  const stamp = nowIso().replace(/[:.]/g, '-');
  const { file } = await backupDatabase(db, join(folder, `osce-${stamp}-${reason}.sqlite`));
  const all = listBackups(folder);
  const removed = all.slice(keep).map((b) => b.file);
  for (const f of removed) rmSync(f, { force: true });
  return { file, removed };
}

export function listBackups(folder: string): { file: string; at: Date; bytes: number }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => /^osce-.*\.sqlite$/.test(n))
    .map((n) => {
      const st = statSync(join(folder, n));
      return { file: join(folder, n), at: st.mtime, bytes: st.size };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || basename(b.file).localeCompare(basename(a.file)));
}
