/** The data-safety calls of the contract (contract/integrity.ts): backups and the audit trail's verification. */
import { type integrityCalls } from '../../contract/integrity';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { backupNow, backupsOverview } from './backup-schedule';
import { verifyAuditTrail } from './verify';
import { checkBackup } from './restore-in-app';

export function integrityHandlers(ctx: ServiceContext): HandlersFor<typeof integrityCalls> {
  return {
    listBackups: () => backupsOverview(ctx),
    backupNow: () => backupNow(ctx),
    verifyAuditTrail: () => verifyAuditTrail(ctx.db, { dbPath: ctx.dbPath, keys: ctx.keys }),
    checkBackup: ([file]) => checkBackup(file, ctx.keys),
  };
}
