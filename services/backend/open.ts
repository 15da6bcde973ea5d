import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../db/connection';
import {
  DatabaseCorruptError,
  DatabaseLockedError,
  DatabaseReadOnlyError,
  MigrationError,
  NewerSchemaError,
  sqliteFailureKind,
} from '../../db/errors';
import { integrityCheck } from '../../db/database-file';
import { processesHolding } from '../../db/holders';
import { candidateCodes, candidatesState } from '../../db/queries/recordings';
import { listBackups } from '../integrity/backup';
import { backupFolder } from '../integrity/backup-schedule';
import type { ServiceContext, ToolPathStore } from '../core/context';
import { dataFolders } from '../core/paths';
import { createMediaTools } from '../media/media-tools';
import { memoryToolPaths, userToolPathFile } from '../media/tool-settings';
import { moveToolPathsOutOfDatabase } from '../system/settings';
import { fileLogger, redactCandidatesFrom, type Logger } from '../core/log';
import { seedBuiltins } from '../rubrics/seed';
import { anchorFilePath, attachAnchor, attachLockedAnchor, settleAnchor } from '../integrity/anchor';
import { InstallationKeysLockedError, loadFileKeys, type InstallationKeys } from '../integrity/keys';
import { anchoredRecord } from '../integrity/anchored-record';
import { anchorAtStartup } from '../integrity/startup';
import type { RestoreRequest } from '../integrity/restore-in-app';
import { claimOpenMarker } from './open-markers';

export interface BackendOptions {
  dbPath: string;
  appVersion: string;
  packagedResourcesDir?: string | undefined;
  nativeBinding?: string | undefined;
  logger?: Logger;
  /** The log file (the app passes its standard logs folder); default: logs/osce.log beside the database. */
  logFile?: string | undefined;
  /** Create the demo database at dbPath first when it is not one yet (the app's "Load demo data"). */
  createDemo?: boolean | undefined;
  /** Keys the host already opened (the app, through the keychain); otherwise the 0600 key file is used. */
  keys?: InstallationKeys | undefined;
  /** Check the anchor at start-up and record a mismatch as an alarm event (off for `osce audit verify`, which reports it). */
  anchorCheck?: boolean | undefined;
  /**
   * This user's own folder, outside the folder the database lives in (the app's user-data folder,
   * the command line's config folder): it keeps the record of the databases this user anchored
   * and, unless `toolPaths` says otherwise, this user's ffmpeg/ffprobe paths (tool-paths.json).
   */
  userDir?: string | undefined;
  /** Where the ffmpeg/ffprobe paths come from (the command line: its environment); default as above, else memory. */
  toolPaths?: ToolPathStore | undefined;
  /** Restore this backup over dbPath before opening it (the app's restore: the previous worker has closed it). */
  restore?: RestoreRequest | undefined;
  /**
   * The full integrity check before anything else: 'always' (`osce doctor`, `osce backup`), or
   * only after an unclean shutdown (the default: every other command, and the app, which checks
   * in the background once its window is usable). It reads every page: 0.8 s at 100,000 recordings.
   */
  integrityCheck?: 'always' | 'after-unclean-shutdown' | undefined;
}

export interface OpenedBackend {
  ctx: ServiceContext;
  close(): void;
  /** Whether the full integrity check ran at this open (always, or after an unclean shutdown). */
  checked: boolean;
}

/** Opens the database (migrating it) and builds the service context every host shares. */
export function openServiceContext(opts: BackendOptions): OpenedBackend {
  const folders = dataFolders(opts.dbPath);
  const marker = claimOpenMarker(opts.dbPath);
  const checked = opts.integrityCheck === 'always' || marker.uncleanShutdowns.length > 0;
  let db: Db;
  try {
    db = openChecked(opts.dbPath, folders.dataDir, opts.nativeBinding, checked);
  } catch (err) {
    marker.release();
    throw err;
  }
  let keys: InstallationKeys | null = opts.keys ?? null;
  let keysLocked: string | null = null;
  try {
    keys ??= loadFileKeys(opts.dbPath);
  } catch (err) {
    if (!(err instanceof InstallationKeysLockedError)) {
      closeDatabase(db);
      marker.release();
      throw err;
    }
    keysLocked = err.message;
  }
  if (keys)
    attachAnchor(db, { file: anchorFilePath(opts.dbPath), secret: keys.anchorSecret, installation: keys.fingerprint });
  else attachLockedAnchor(db, anchorFilePath(opts.dbPath), keysLocked!);
  const toolPaths =
    opts.toolPaths ?? (opts.userDir ? userToolPathFile(join(opts.userDir, 'tool-paths.json')) : memoryToolPaths());
  const ctx: ServiceContext = {
    keys,
    keysLocked,
    db,
    dbPath: opts.dbPath,
    dataDir: folders.dataDir,
    libraryDir: folders.libraryDir,
    cacheDir: folders.cacheDir,
    appVersion: opts.appVersion,
    log: opts.logger ?? fileLogger(opts.logFile ?? folders.logFile),
    ...(opts.packagedResourcesDir ? { packagedResourcesDir: opts.packagedResourcesDir } : {}),
    toolPaths,
    media: createMediaTools({ toolPaths, packagedResourcesDir: opts.packagedResourcesDir }),
    ...(checked ? { integrityCheck: { state: 'ok' as const, detail: null, latestBackup: null } } : {}),
  };
  redactCandidatesFrom(candidateCodeSource(db));
  if (marker.uncleanShutdowns.length)
    ctx.log.warn('the database was not closed cleanly last time; the full integrity check passed', {
      markers: marker.uncleanShutdowns.length,
    });
  try {
    if (keys && opts.anchorCheck !== false) {
      // The demo database is made afresh on demand: it is not one whose anchor anyone needs to remember.
      const record = opts.userDir && !opts.createDemo ? anchoredRecord(opts.userDir) : null;
      const alarms = anchorAtStartup(db, opts.dbPath, keys, record);
      for (const a of alarms) ctx.log.error('audit anchor mismatch', { code: a.code, message: a.message });
    }
    if (!keysLocked) seedBuiltins(ctx);
    moveToolPathsOutOfDatabase(ctx);
  } catch (err) {
    closeDatabase(db);
    marker.release();
    throw err;
  }
  // Settle the anchor on the committed head before closing: a "prev" left in it would let the last event be deleted unnoticed.
  const close = () => {
    try {
      if (db.open && !db.inTransaction) settleAnchor(db);
    } finally {
      closeDatabase(db);
      marker.release();
    }
  };
  return { ctx, close, checked };
}

/** Opens the database, with the full integrity check when asked; a damaged file is refused with the latest backup named. */
function openChecked(dbPath: string, dataDir: string, nativeBinding: string | undefined, fullCheck: boolean): Db {
  const existed = existsSync(dbPath);
  let db: Db;
  try {
    db = openDatabase(dbPath, nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    if (err instanceof NewerSchemaError) throw err;
    // A read-only file or a lock is not damage: saying "corrupt" would send the user to a restore.
    const cause = err instanceof MigrationError ? (err as Error & { cause?: unknown }).cause : err;
    let kind = sqliteFailureKind(cause);
    if (kind === 'other' && !writable(dbPath)) kind = 'readonly';
    if (kind === 'readonly') throw new DatabaseReadOnlyError(dbPath, (cause as Error).message);
    if (kind === 'busy') throw new DatabaseLockedError(dbPath, processesHolding(dbPath));
    if (err instanceof MigrationError || !existed || kind !== 'corrupt') throw err;
    throw new DatabaseCorruptError(dbPath, (err as Error).message, newestBackupIn(join(dataDir, 'backups')));
  }
  const result = fullCheck ? integrityCheck(db) : 'ok';
  if (result !== 'ok') {
    const backup = latestBackupOf(db, dbPath, dataDir);
    db.close();
    throw new DatabaseCorruptError(dbPath, result, backup);
  }
  return db;
}

/** The newest backup in the lab's backup folder (the default folder when the settings cannot be read). */
export function latestBackupOf(db: Db, dbPath: string, dataDir = dataFolders(dbPath).dataDir): string | null {
  let folder = join(dataDir, 'backups');
  try {
    folder = backupFolder({ db, dataDir });
  } catch {
    // Settings unreadable in a damaged file: fall back to the default folder.
  }
  return newestBackupIn(folder);
}

/** The file and its folder can be written (SQLite also needs the folder for -wal and -shm). */
function writable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function newestBackupIn(folder: string): string | null {
  return listBackups(folder)[0]?.file ?? null;
}

/** Candidate codes for log redaction, re-read only when the candidates table changed. */
function candidateCodeSource(db: Db): () => string[] {
  let seen = '';
  let codes: string[] = [];
  return () => {
    const key = candidatesState(db);
    if (key !== seen) {
      codes = candidateCodes(db);
      seen = key;
    }
    return codes;
  };
}
