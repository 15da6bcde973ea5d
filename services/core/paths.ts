import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const PRODUCT_NAME = 'OSCE Scoring Assistant';

/**
 * The folder Electron's app.getPath('userData') returns for this app, computed without Electron
 * so the CLI finds the same database as the desktop app.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), PRODUCT_NAME);
}

/** Database path: an explicit --db wins, then OSCE_DB, then the user-data folder. */
export function resolveDbPath(opts: { flag?: string; env?: NodeJS.ProcessEnv; userDataDir?: string }): string {
  const env = opts.env ?? process.env;
  if (opts.flag) return resolve(opts.flag);
  if (env.OSCE_DB) return resolve(env.OSCE_DB);
  return join(opts.userDataDir ?? defaultUserDataDir(env), 'osce.sqlite');
}

/** Library (copied originals, posters, proxies), frame cache and logs live beside the database. */
export function dataFolders(dbPath: string) {
  const base = dirname(dbPath);
  return {
    dataDir: base,
    libraryDir: join(base, 'library'),
    cacheDir: join(base, 'cache'),
    logFile: join(base, 'logs', 'osce.log'),
  };
}
