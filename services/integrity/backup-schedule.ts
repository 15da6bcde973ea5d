import { lstatSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { BackupInfo, BackupsOverview } from '../../contract/integrity';
import type { ServiceContext } from '../core/context';
import { automaticBackup, listBackups } from './backup';
import { getSettings } from '../core/settings';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a backup folder setting cannot be used, or null: a full path to a folder (or to where one can be made). */
export function backupFolderProblem(folder: string): string | null {
  if (folder.includes('\0') || folder.length > 4096) return 'the backup folder is not a usable path';
  if (!isAbsolute(folder)) return `the backup folder must be a full path, not "${folder.slice(0, 200)}"`;
  try {
    const st = lstatSync(folder, { throwIfNoEntry: false });
    if (st && !st.isDirectory() && !(st.isSymbolicLink() && statSync(folder).isDirectory()))
      return `the backup folder ${folder} is a file, not a folder`;
  } catch {
    return `the backup folder ${folder} cannot be read`;
  }
  return null;
}

/** The backups folder: the setting when it is a usable one, else the folder beside the database. */
export function backupFolder(ctx: Pick<ServiceContext, 'db' | 'dataDir'>): string {
  const chosen = getSettings(ctx.db).backupFolder;
  // A value written into the database outside Settings is not trusted to name where files are deleted.
  return chosen && backupFolderProblem(chosen) === null ? chosen : join(ctx.dataDir, 'backups');
}

/** A backup on exit and one a day, whatever else happens; failures are logged, never fatal. */
export async function scheduledBackup(ctx: ServiceContext, reason: 'exit' | 'daily'): Promise<string | null> {
  const folder = backupFolder(ctx);
  if (reason === 'daily') {
    const latest = listBackups(folder)[0];
    if (latest && Date.now() - latest.at.getTime() < DAY_MS) return null;
  }
  try {
    const { file, removed } = await automaticBackup(ctx.db, folder, getSettings(ctx.db).backupKeep, reason, ctx.keys);
    ctx.log.info('backup written', { reason, file, removed: removed.length });
    return file;
  } catch (err) {
    ctx.log.error('backup failed', { reason, message: (err as Error).message });
    return null;
  }
}

const info = (b: { file: string; at: Date; bytes: number }): BackupInfo => ({
  file: b.file,
  at: b.at.toISOString(),
  bytes: b.bytes,
});

/** The backups folder, how many are kept, and the backups there, newest first. */
export function backupsOverview(ctx: Pick<ServiceContext, 'db' | 'dataDir'>): BackupsOverview {
  const folder = backupFolder(ctx);
  return { folder, keep: getSettings(ctx.db).backupKeep, backups: listBackups(folder).map(info) };
}

/** A manual backup from Settings; errors reach the user instead of only the log. */
export async function backupNow(ctx: ServiceContext): Promise<BackupInfo> {
  const { file } = await automaticBackup(ctx.db, backupFolder(ctx), getSettings(ctx.db).backupKeep, 'manual', ctx.keys);
  const made = listBackups(backupFolder(ctx)).find((b) => b.file === file);
  return made ? info(made) : { file, at: new Date().toISOString(), bytes: 0 };
}
