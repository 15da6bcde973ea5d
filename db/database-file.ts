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

/** Opens a file from elsewhere read-only: no SQL from its schema runs, and nothing can be written through it. */
export function openUntrustedDatabaseFile(file: string): Db {
  const db = openDatabaseFile(file, { readonly: true, timeout: 0 });
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = ON');
  return db;
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
  const objects = schemaObjects(db).sort((a, b) =>
    a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1,
  );
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

/** The SQL SQLite itself writes for the tables it creates; anything else under these names is not SQLite's. */
const SQLITE_TABLES: Record<string, string> = {
  sqlite_sequence: 'CREATE TABLE sqlite_sequence(name,seq)',
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

/**
 * One of SQLite's own objects, by exact name: the indexes it makes for UNIQUE and PRIMARY KEY
 * constraints (no SQL of their own) and the tables it makes for AUTOINCREMENT and ANALYZE. Never a
 * LIKE pattern: in `LIKE 'sqlite_%'` the `_` matches any character, so a trigger named
 * `sqlite1zero` would pass as SQLite's and escape every schema check.
 */
function isSqliteOwn(o: SchemaObject): boolean {
  if (!o.name.startsWith('sqlite_')) return false;
  if (o.type === 'index') return o.sql === null && /^sqlite_autoindex_.+_\d+$/.test(o.name);
  return o.type === 'table' && SQLITE_TABLES[o.name] !== undefined && SQLITE_TABLES[o.name] === o.sql;
}

/** sqlite_master without SQLite's own objects (anything else named sqlite_… is kept, to be refused). */
export const schemaObjects = (db: Db): SchemaObject[] =>
  (db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as SchemaObject[]).filter(
    (o) => !isSqliteOwn(o),
  );

/** Whether the file's schema names a table (sqlite_master only: nothing of the file's own SQL runs). */
export const hasTable = (db: Db, name: string): boolean =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

/** A fresh in-memory database with these scripts run in one transaction (the schema migrations make). */
export function scratchDatabase(scripts: readonly string[]): Db {
  const db = new Database(':memory:');
  db.transaction(() => {
    for (const sql of scripts) db.exec(sql);
  })();
  return db;
}
