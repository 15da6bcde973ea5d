import { closeDatabase, openDatabase } from '../../db/connection';
import type { ServiceContext } from '../context';
import { dataFolders } from '../paths';
import { fileLogger, type Logger } from '../log';
import { seedBuiltins } from '../seed';

export interface BackendOptions {
  dbPath: string;
  appVersion: string;
  packagedResourcesDir?: string | undefined;
  nativeBinding?: string | undefined;
  logger?: Logger;
}

/** Opens the database (migrating it) and builds the service context every host shares. */
export function openServiceContext(opts: BackendOptions): { ctx: ServiceContext; close(): void } {
  const folders = dataFolders(opts.dbPath);
  const db = openDatabase(opts.dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const ctx: ServiceContext = {
    db,
    dbPath: opts.dbPath,
    dataDir: folders.dataDir,
    libraryDir: folders.libraryDir,
    cacheDir: folders.cacheDir,
    appVersion: opts.appVersion,
    log: opts.logger ?? fileLogger(folders.logFile),
    ...(opts.packagedResourcesDir ? { packagedResourcesDir: opts.packagedResourcesDir } : {}),
  };
  try {
    seedBuiltins(ctx);
  } catch (err) {
    closeDatabase(db);
    throw err;
  }
  return { ctx, close: () => closeDatabase(db) };
}
