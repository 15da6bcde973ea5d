import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../db/connection';
import { DatabaseCorruptError, MigrationError, NewerSchemaError } from '../../db/errors';
import { listBackups } from '../backup';
import { backupFolder } from '../backup-schedule';
import type { ServiceContext } from '../context';
import { dataFolders } from '../paths';
import { fileLogger, redactCandidatesFrom, type Logger } from '../log';
import { seedBuiltins } from '../seed';

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
}

/** Opens the database (migrating it) and builds the service context every host shares. */
export function openServiceContext(opts: BackendOptions): { ctx: ServiceContext; close(): void } {
  const folders = dataFolders(opts.dbPath);
  const db = openChecked(opts.dbPath, folders.dataDir, opts.nativeBinding);
  const ctx: ServiceContext = {
    db,
    dbPath: opts.dbPath,
    dataDir: folders.dataDir,
    libraryDir: folders.libraryDir,
    cacheDir: folders.cacheDir,
    appVersion: opts.appVersion,
    log: opts.logger ?? fileLogger(opts.logFile ?? folders.logFile),
    ...(opts.packagedResourcesDir ? { packagedResourcesDir: opts.packagedResourcesDir } : {}),
  };
  redactCandidatesFrom(candidateCodes(db));
  try {
    seedBuiltins(ctx);
  } catch (err) {
    closeDatabase(db);
    throw err;
  }
  return { ctx, close: () => closeDatabase(db) };
}

/** Opens the database and runs a quick integrity check; a damaged file is refused with the latest backup named. */
function openChecked(dbPath: string, dataDir: string, nativeBinding: string | undefined): Db {
  const existed = existsSync(dbPath);
  let db: Db;
  try {
    db = openDatabase(dbPath, nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    if (err instanceof NewerSchemaError || err instanceof MigrationError || !existed) throw err;
    throw new DatabaseCorruptError(dbPath, (err as Error).message, newestBackupIn(join(dataDir, 'backups')));
  }
  const result = db.pragma('quick_check', { simple: true }) as string;
  if (result !== 'ok') {
    let folder = join(dataDir, 'backups');
    try {
      folder = backupFolder({ db, dataDir });
    } catch {
      // Settings unreadable in a damaged file: fall back to the default folder.
    }
    db.close();
    throw new DatabaseCorruptError(dbPath, result, newestBackupIn(folder));
  }
  return db;
}

function newestBackupIn(folder: string): string | null {
  return listBackups(folder)[0]?.file ?? null;
}

/** Candidate codes for log redaction, re-read only when the candidates table changed. */
function candidateCodes(db: Db): () => string[] {
  let seen = '';
  let codes: string[] = [];
  return () => {
    const state = db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM candidates').get() as { n: number; top: number };
    const key = `${state.n}:${state.top}`;
    if (key !== seen) {
      codes = (db.prepare('SELECT code FROM candidates').pluck().all() as string[]);
      seen = key;
    }
    return codes;
  };
}
