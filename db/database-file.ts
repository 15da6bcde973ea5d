/**
 * Whole database files (a backup, a copy being restored, another workstation's copy): opened as
 * they are, never migrated; copied with SQLite's online backup API, never by copying bytes; and
 * compared by content rather than by file layout.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Db } from './connection';

/** Opens a database file as it is: no migration, no settings changed. */
export function openDatabaseFile(
  file: string,
  opts: { readonly?: boolean; timeout?: number; nativeBinding?: string | undefined } = {},
): Db {
  return new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: true,
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
}

/** Copies the database into `file` with the online backup API; rejects naming the pages left when it stops short. */
export async function copyDatabase(
  db: Db,
  file: string,
  stopped: (left: number, total: number) => Error,
): Promise<void> {
  const progress = await db.backup(file);
  if (progress.remainingPages !== 0) throw stopped(progress.remainingPages, progress.totalPages);
}

/** A rollback journal instead of WAL, so opening the file later leaves no -wal/-shm beside it. */
export function useRollbackJournal(db: Db): void {
  db.pragma('journal_mode = DELETE');
}

/** Folds the WAL into the file and leaves WAL mode, so no stale -wal can be replayed into a file put in its place. */
export function foldWal(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
}

export const integrityCheck = (db: Db): string => db.pragma('integrity_check', { simple: true }) as string;
export const quickCheck = (db: Db): string => db.pragma('quick_check', { simple: true }) as string;

/** The full integrity check of a database file on a read-only connection of its own (another thread's, say). */
export function integrityCheckOfFile(file: string, nativeBinding?: string): string {
  const db = openDatabaseFile(file, { readonly: true, nativeBinding });
  try {
    return integrityCheck(db);
  } finally {
    db.close();
  }
}
export const fileSchemaVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

/** Page count and a hash of the whole content (schema and every row of every table), independent of file layout. */
export function databaseDigest(db: Db): { pages: number; contentHash: string } {
  const hash = createHash('sha256');
  const objects = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
    .all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
  for (const o of objects) {
    hash.update(JSON.stringify([o.type, o.name, o.sql]));
    if (o.type !== 'table') continue;
    for (const row of db
      .prepare(`SELECT * FROM "${o.name.replace(/"/g, '""')}" ORDER BY rowid`)
      .raw()
      .iterate() as Iterable<unknown[]>) {
      hash.update(
        JSON.stringify(
          row.map((v) =>
            Buffer.isBuffer(v) ? `blob:${v.toString('base64')}` : typeof v === 'bigint' ? `int:${v}` : v,
          ),
        ),
      );
    }
  }
  return { pages: db.pragma('page_count', { simple: true }) as number, contentHash: hash.digest('hex') };
}

/**
 * Throws SQLite's busy/locked error while any other connection has the file open (an exclusive
 * lock can then not be taken); nothing is changed either way.
 */
export function takeExclusiveLockBriefly(file: string): void {
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('ROLLBACK');
  } finally {
    probe.close();
  }
}

export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** sqlite_master without SQLite's own objects. */
export const schemaObjects = (db: Db): SchemaObject[] =>
  db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`)
    .all() as SchemaObject[];

/** A fresh in-memory database with these scripts run in one transaction (the schema migrations make). */
export function scratchDatabase(scripts: readonly string[]): Db {
  const db = new Database(':memory:');
  db.transaction(() => {
    for (const sql of scripts) db.exec(sql);
  })();
  return db;
}
