import { join } from 'node:path';
import type { ServiceContext } from './context';
import { automaticBackup, listBackups } from './backup';
import { getSettings } from './settings';

const DAY_MS = 24 * 60 * 60 * 1000;

export function backupFolder(ctx: Pick<ServiceContext, 'db' | 'dataDir'>): string {
  return getSettings(ctx.db).backupFolder ?? join(ctx.dataDir, 'backups');
}

/** A backup on exit and one a day, whatever else happens; failures are logged, never fatal. */
export async function scheduledBackup(ctx: ServiceContext, reason: 'exit' | 'daily'): Promise<string | null> {
  const folder = backupFolder(ctx);
  if (reason === 'daily') {
    const latest = listBackups(folder)[0];
    if (latest && Date.now() - latest.at.getTime() < DAY_MS) return null;
  }
  try {
    const { file, removed } = await automaticBackup(ctx.db, folder, getSettings(ctx.db).backupKeep, reason);
    ctx.log.info('backup written', { reason, file, removed: removed.length });
    return file;
  } catch (err) {
    ctx.log.error('backup failed', { reason, message: (err as Error).message });
    return null;
  }
}

export function latestBackup(ctx: Pick<ServiceContext, 'db' | 'dataDir'>): string | null {
  return listBackups(backupFolder(ctx))[0]?.file ?? null;
}
