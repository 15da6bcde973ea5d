import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron in dev); default binding otherwise. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Run pending migrations (writer connections only). */
  migrate?: boolean;
}

/**
 * Opens the exam database with the settings exam records need: WAL so readers never block the
 * writer, synchronous=FULL so a committed mark survives a power cut, foreign keys enforced, and a
 * busy timeout so a second process (the CLI beside the app) waits instead of failing.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const nativeBinding = opts.nativeBinding ?? process.env.OSCE_SQLITE_BINDING;
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      // Refuse a newer database before changing anything about it (journal mode included).
      if (opts.migrate !== false) migrate(db);
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Closes with `PRAGMA optimize` first, as SQLite recommends for long-lived connections. Optimize is
 * housekeeping: when another process holds the lock it is skipped, so a command that did its work
 * (a backup, a verify) is not turned into a failure at the very end.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    if (!db.readonly) {
      db.pragma('busy_timeout = 0');
      db.pragma('optimize');
    }
  } catch {
    // Skipped: statistics are refreshed at the next close that gets the lock.
  } finally {
    db.close();
  }
}
