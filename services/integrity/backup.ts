import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../db/connection';
import {
  copyDatabase,
  databaseDigest,
  fileSchemaVersion,
  foldWal,
  integrityCheck,
  openDatabaseFile,
  takeExclusiveLockBriefly,
  useRollbackJournal,
} from '../../db/database-file';
import { chainEvents, type ChainHead } from '../../db/queries/audit';
import { metaValue, putMeta } from '../../db/queries/settings';
import { processesHolding } from '../../db/holders';
import { SCHEMA_VERSION } from '../../db/migrate';
import { nowIso } from '../core/clock';
import { appendAudit } from './audit';
import { anchorFilePath, attachAnchor, parseAnchor, readAnchorFile, settleAnchor } from './anchor';
import { diskFullError, isDiskFull, removeSqliteFiles } from './files';
import { InstallationKeysLockedError, loadFileKeys, type InstallationKeys } from './keys';
import { schemaDifferences } from './schema';
import { recomputeAllReviewStatuses } from '../review/review-status';

export class BackupFileError extends Error {
  override name = 'BackupFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} cannot be restored: ${reason}. The current database was not changed.`);
  }
}

/** Another process has the database open: replacing it now would lose its writes or report a restore that did not happen. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUse';
  constructor(
    readonly file: string,
    readonly holders: string[],
  ) {
    super(
      `${file} is open in another program${holders.length ? ` (${holders.join('; ')})` : ''}, so it cannot be replaced now. ` +
        'Nothing was restored and the database was not changed. Close the desktop app and any other osce command, then try again.',
    );
  }
}

/** The restored database is not the backup: the previous one was put back. */
class RestoreVerificationError extends Error {
  override name = 'RestoreVerificationFailed';
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Copies the live database with SQLite's online backup API, never by copying files: a file copy of
 * a database in WAL mode can miss committed pages or catch a half-written one. The copy is switched
 * to a rollback journal (so opening it never leaves -wal/-shm files beside it), carries this
 * installation's audit anchor (so the copy can later contradict a rewritten chain), and is checked
 * like a restore would check it before it gets its name.
 */
export async function backupDatabase(
  db: Db,
  outFile: string,
  keys?: InstallationKeys | null,
): Promise<{ file: string; bytes: number; pages: number }> {
  mkdirSync(dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial`;
  removeSqliteFiles(partial);
  try {
    await copyDatabase(
      db,
      partial,
      (left, total) => new Error(`the backup stopped with ${left} of ${total} pages left`),
    );
    const copy = openDatabaseFile(partial);
    try {
      useRollbackJournal(copy);
      const anchor = keys ? readAnchorFile(anchorFilePath(db.name)) : 'missing';
      if (typeof anchor === 'object') putMeta(copy, 'audit_anchor', JSON.stringify(anchor));
    } finally {
      copy.close();
    }
    const { pages } = checkBackupFile(partial);
    renameSync(partial, outFile);
    return { file: outFile, bytes: statSync(outFile).size, pages };
  } catch (err) {
    removeSqliteFiles(partial);
    if (isDiskFull(err)) throw diskFullError(outFile, err);
    throw err;
  }
}

/** Opens a candidate backup read-only and checks it is an intact database of this app, schema included, not newer. */
export function checkBackupFile(file: string): { schemaVersion: number; pages: number; contentHash: string } {
  if (!existsSync(file)) throw new BackupFileError(file, 'the file does not exist');
  if (!statSync(file).isFile()) throw new BackupFileError(file, 'it is not a file');
  const head = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1', 0, 16) !== SQLITE_HEADER) throw new BackupFileError(file, 'it is not an SQLite database');
  // Bytes 18-19 are 2 in WAL mode: opening such a file would create -wal/-shm beside it.
  const walMode = head[18] === 2 || head[19] === 2;
  const companions = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  let db: Db | null = null;
  try {
    db = openDatabaseFile(file, { readonly: true });
    const integrity = integrityCheck(db);
    if (integrity !== 'ok') throw new BackupFileError(file, `its integrity check failed (${integrity})`);
    const version = fileSchemaVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new BackupFileError(
        file,
        `it was written by a newer version of the app (schema ${version}, this app ${SCHEMA_VERSION})`,
      );
    }
    if (version < 1) throw new BackupFileError(file, 'it is not an exam database (no schema version)');
    const differences = schemaDifferences(db, version);
    if (differences.length) {
      throw new BackupFileError(
        file,
        `its schema is not what this app creates (${differences.slice(0, 5).join('; ')}${differences.length > 5 ? '; …' : ''})`,
      );
    }
    return { schemaVersion: version, ...databaseDigest(db) };
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new BackupFileError(file, `it cannot be read as a database (${(err as Error).message})`);
  } finally {
    db?.close();
    if (walMode) for (const f of companions) rmSync(f, { force: true });
  }
}

/** Refuses (naming who, where the system says) while any other connection has the database open. */
function assertNotInUse(dbPath: string): void {
  if (!existsSync(dbPath)) return;
  try {
    takeExclusiveLockBriefly(dbPath);
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      throw new DatabaseInUseError(dbPath, processesHolding(dbPath));
    throw err;
  }
}

/**
 * Restores a backup over the database at dbPath. Nothing happens while another process has the
 * database open. The backup is checked (integrity, the whole schema) and copied beside the
 * database through the backup API; the current database is kept aside, the copy renamed into
 * place, and the result compared with the backup (page count and content hash) before success
 * is reported. On any failure the database is as it was and no partial file remains.
 */
export async function restoreDatabase(
  dbPath: string,
  backupFile: string,
): Promise<{ keptAside: string | null; pages: number; contentHash: string }> {
  const source = checkBackupFile(backupFile);
  assertNotInUse(dbPath);
  const partial = `${dbPath}.restore-partial`;
  removeSqliteFiles(partial);
  let keptAside: string | null = null;
  try {
    const from = openDatabaseFile(backupFile, { readonly: true });
    try {
      await copyDatabase(
        from,
        partial,
        (left) => new RestoreVerificationError(`copying the backup stopped with ${left} pages left`),
      );
    } finally {
      from.close();
    }
    const copy = openDatabaseFile(partial);
    try {
      useRollbackJournal(copy);
      const d = databaseDigest(copy);
      if (d.contentHash !== source.contentHash)
        throw new RestoreVerificationError('the copy of the backup does not hold what the backup holds');
    } finally {
      copy.close();
    }
    if (existsSync(dbPath)) {
      keptAside = `${dbPath}.before-restore-${nowIso().replace(/[:.]/g, '-')}`;
      const current = openDatabaseFile(dbPath, { timeout: 0 });
      try {
        await copyDatabase(
          current,
          keptAside,
          () => new RestoreVerificationError('the current database could not be kept aside completely'),
        );
        // Fold the WAL into the file and drop it: a stale -wal must never be replayed into the restored file.
        foldWal(current);
      } finally {
        current.close();
      }
      const aside = openDatabaseFile(keptAside);
      useRollbackJournal(aside);
      aside.close();
    }
    assertNotInUse(dbPath);
    renameSync(partial, dbPath);
    for (const f of [`${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) rmSync(f, { force: true });
  } catch (err) {
    removeSqliteFiles(partial);
    if (keptAside) removeSqliteFiles(keptAside);
    if (isDiskFull(err)) throw diskFullError(dbPath, err);
    throw err;
  }
  const restored = openDatabaseFile(dbPath, { readonly: true });
  let result: { pages: number; contentHash: string };
  try {
    result = databaseDigest(restored);
  } finally {
    restored.close();
  }
  if (result.pages !== source.pages || result.contentHash !== source.contentHash) {
    if (keptAside) renameSync(keptAside, dbPath);
    throw new RestoreVerificationError(
      `The restored database does not match the backup (pages ${result.pages} vs ${source.pages}); the previous database was put back.`,
    );
  }
  return { keptAside, ...result };
}

/**
 * After a restore the chain head went back to the backup's: the restore is recorded as an audit
 * event (which also moves the anchor), so the next start sees a legitimate, named step instead of
 * deleted events. Without this installation's keys (the desktop app's keychain) no event is written
 * and the next start of the app records the mismatch as an alarm. Either way the stored review
 * statuses are computed again from the restored marks: derived data is never taken from a file.
 */
export function recordRestore(
  dbPath: string,
  info: { from: string; keptAside: string | null; contentHash: string },
  actor: string,
): boolean {
  let keys: InstallationKeys | null;
  try {
    keys = loadFileKeys(dbPath);
  } catch (err) {
    if (!(err instanceof InstallationKeysLockedError)) throw err;
    keys = null;
  }
  const db = openDatabase(dbPath);
  try {
    if (keys)
      attachAnchor(db, { file: anchorFilePath(dbPath), secret: keys.anchorSecret, installation: keys.fingerprint });
    db.transaction(() => {
      recomputeAllReviewStatuses(db);
      if (keys)
        appendAudit(db, {
          actor,
          action: 'restore',
          entity: 'database',
          after: { from: info.from, kept_aside: info.keptAside, content_hash: info.contentHash },
        });
    })();
    if (keys) settleAnchor(db);
  } finally {
    closeDatabase(db);
  }
  return keys !== null;
}

/** Automatic backups: named by time, the newest `keep` are kept. */
export async function automaticBackup(
  db: Db,
  folder: string,
  keep: number,
  reason: 'exit' | 'daily' | 'manual',
  keys?: InstallationKeys | null,
): Promise<{ file: string; removed: string[] }> {
  const stamp = nowIso().replace(/[:.]/g, '-');
  const { file } = await backupDatabase(db, join(folder, `osce-${stamp}-${reason}.sqlite`), keys);
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

/** The audit chain a backup holds, and the head its anchor recorded when it was made (null without one). */
export function chainOfBackup(file: string): { events: ChainHead[]; head: ChainHead | null } {
  const db = openDatabaseFile(file, { readonly: true });
  try {
    const raw = metaValue(db, 'audit_anchor');
    const anchor = raw ? parseAnchor(JSON.parse(raw)) : null;
    return { events: chainEvents(db), head: anchor?.head ?? null };
  } finally {
    db.close();
  }
}
