import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../db/connection';
import {
  copyDatabase,
  databaseDigest,
  foldWal,
  openDatabaseFile,
  takeExclusiveLockBriefly,
  useRollbackJournal,
} from '../../db/database-file';
import { metaValue, putMeta, workstationIdOf } from '../../db/queries/settings';
import { processesHolding } from '../../db/holders';
import { nowIso } from '../core/clock';
import { appendAudit } from './audit';
import { anchorFilePath, attachAnchor, readAnchorFile, settleAnchor } from './anchor';
import {
  BACKUP_MARK,
  backupMark,
  backupTrustProblems,
  BackupUnverifiedError,
  checkBackupFile,
  openUntrusted,
} from './backup-file';
import { diskFullError, isDiskFull, partialPathFor, removeSqliteFiles } from './files';
import { InstallationKeysLockedError, loadFileKeys, type InstallationKeys } from './keys';
import { recomputeAllReviewStatuses } from '../review/review-status';

export { BackupFileError, BackupUnverifiedError, checkBackupFile } from './backup-file';

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
  const partial = partialPathFor(outFile);
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
      // Which database this is a backup of: rotation deletes only backups of its own database.
      putMeta(copy, BACKUP_MARK, markOf(db));
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
 * database open. The backup is checked (integrity, the whole schema) and so is its own audit trail
 * (chain, replay, and an anchor written with this installation's secret at its head): a backup
 * that fails is refused unless `acceptUnverified` (the problems are returned for the audit trail).
 * It is then copied beside the database through the backup API; the current database is kept
 * aside, the copy renamed into place, and the result compared with the backup (page count and
 * content hash) before success is reported. On any failure the database is as it was and no
 * partial file remains.
 */
export async function restoreDatabase(
  dbPath: string,
  backupFile: string,
  opts: { keys: InstallationKeys | null; acceptUnverified?: boolean },
): Promise<{ keptAside: string | null; pages: number; contentHash: string; unverified: string[] }> {
  const source = checkBackupFile(backupFile);
  const unverified = backupTrustProblems(backupFile, opts.keys);
  if (unverified.length && !opts.acceptUnverified) throw new BackupUnverifiedError(backupFile, unverified);
  assertNotInUse(dbPath);
  const partial = partialPathFor(`${dbPath}.restore`);
  let keptAside: string | null = null;
  try {
    const from = openUntrusted(backupFile);
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
  return { keptAside, ...result, unverified };
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
  info: { from: string; keptAside: string | null; contentHash: string; unverified?: string[] },
  actor: string,
  /** The keys the caller already opened (the app's, from the OS keychain); otherwise the key file's. */
  openedKeys?: InstallationKeys,
): boolean {
  let keys: InstallationKeys | null;
  try {
    keys = openedKeys ?? loadFileKeys(dbPath);
  } catch (err) {
    if (!(err instanceof InstallationKeysLockedError)) throw err;
    keys = null;
  }
  const db = openDatabase(dbPath);
  try {
    if (keys)
      attachAnchor(db, { file: anchorFilePath(dbPath), secret: keys.anchorSecret, installation: keys.fingerprint });
    const unverified = info.unverified ?? [];
    db.transaction(() => {
      recomputeAllReviewStatuses(db);
      if (!keys) return;
      appendAudit(db, {
        actor,
        action: 'restore',
        entity: 'database',
        after: {
          from: info.from,
          kept_aside: info.keptAside,
          content_hash: info.contentHash,
          ...(unverified.length ? { unverified } : {}),
        },
      });
      // The override stays visible: verify names every alarm until someone acknowledges it.
      if (unverified.length)
        appendAudit(db, {
          actor,
          action: 'integrity_alarm',
          entity: 'audit_trail',
          after: {
            problems: [
              `restored from ${info.from} without verification (accepted by ${actor}): ${unverified.join('; ')}`,
            ],
          },
        });
    })();
    if (keys) settleAnchor(db);
  } finally {
    closeDatabase(db);
  }
  return keys !== null;
}

/** The names automatic backups get, exactly: nothing else in the folder is ever listed as one, or deleted. */
const BACKUP_NAME = /^osce-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(exit|daily|manual)\.sqlite$/;

/** This database's workstation id (made on first use), which its backups carry as their mark. */
function markOf(db: Db): string {
  try {
    return workstationIdOf(db);
  } catch {
    return metaValue(db, 'workstation_id') ?? 'unknown';
  }
}

/**
 * Automatic backups: named by time, the newest `keep` are kept. Only files with a backup's exact
 * name that are backups of this very database (their mark) are ever removed: the folder is a
 * setting, and may hold other files, another database's backups included.
 */
export async function automaticBackup(
  db: Db,
  folder: string,
  keep: number,
  reason: 'exit' | 'daily' | 'manual',
  keys?: InstallationKeys | null,
): Promise<{ file: string; removed: string[] }> {
  const stamp = nowIso().replace(/[:.]/g, '-');
  const { file } = await backupDatabase(db, join(folder, `osce-${stamp}-${reason}.sqlite`), keys);
  const mine = markOf(db);
  const ours = listBackups(folder).filter((b) => backupMark(b.file) === mine);
  const removed = ours.slice(keep).map((b) => b.file);
  for (const f of removed) rmSync(f, { force: true });
  return { file, removed };
}

/** The files in the folder named as automatic backups (regular files only), newest first. */
export function listBackups(folder: string): { file: string; at: Date; bytes: number }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => BACKUP_NAME.test(n))
    .map((n) => ({ n, st: lstatSync(join(folder, n)) }))
    .filter(({ st }) => st.isFile())
    .map(({ n, st }) => ({ file: join(folder, n), at: st.mtime, bytes: st.size }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || basename(b.file).localeCompare(basename(a.file)));
}
