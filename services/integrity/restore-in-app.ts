/**
 * Restore from the app: the same checks as `osce restore` (services/integrity/backup.ts), run by the
 * backend worker the host starts in place of the one that had the database open, before it opens
 * the database again. A refusal is returned as the named error and the database is as it was.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Envelope } from '../../contract/define';
import type { BackupCheck, RestoreResult } from '../../contract/integrity';
import { toErrorInfo } from '../../contract/validate';
import { recordRestore, restoreDatabase } from './backup';
import { backupTrustProblems, checkBackupFile } from './backup-file';
import type { InstallationKeys } from './keys';

export interface RestoreRequest {
  file: string;
  acceptUnverified: boolean;
  actor: string;
}

/** What a restore would find, without changing anything: a file that is no backup of this app is refused by name. */
export function checkBackup(file: string, keys: InstallationKeys | null): BackupCheck {
  const path = resolve(file);
  const { schemaVersion, pages } = checkBackupFile(path);
  return { file: path, schemaVersion, pages, bytes: statSync(path).size, problems: backupTrustProblems(path, keys) };
}

/** Runs the restore over dbPath (nothing else may have it open) and records it in the audit trail. */
export async function restoreBeforeOpening(
  dbPath: string,
  request: RestoreRequest,
  keys: InstallationKeys | null,
): Promise<Envelope<RestoreResult>> {
  const from = resolve(request.file);
  try {
    const r = await restoreDatabase(dbPath, from, { keys, acceptUnverified: request.acceptUnverified });
    const recorded = recordRestore(
      dbPath,
      { from, keptAside: r.keptAside, contentHash: r.contentHash, unverified: r.unverified },
      request.actor,
      keys ?? undefined,
    );
    return {
      ok: true,
      value: {
        file: from,
        pages: r.pages,
        contentHash: r.contentHash,
        keptAside: r.keptAside,
        unverified: r.unverified,
        recorded,
      },
    };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
