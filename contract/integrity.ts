/** Data safety: backups and the audit trail's verification. */
import { z } from 'zod';
import { call, hostCall } from './define';
import { absolutePath } from './primitives';

/** One automatic or manual backup file. */
export interface BackupInfo {
  file: string;
  at: string;
  bytes: number;
}

export interface BackupsOverview {
  folder: string;
  keep: number;
  backups: BackupInfo[];
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string };
  anchor: 'verified' | 'unverifiable' | 'problem';
  problems: { code: string; seq?: number; message: string }[];
  /** Alarms a named person acknowledged, with the reason: no longer problems, still listed. */
  acknowledged: { seq: number; message: string; by: string; reason: string }[];
}

/** A backup file checked before a restore: its facts, and why its records cannot be trusted (empty: verified). */
export interface BackupCheck {
  file: string;
  schemaVersion: number;
  pages: number;
  bytes: number;
  /** Problems of its own audit trail and anchor, in words; a restore then needs an explicit acceptance. */
  problems: string[];
}

/** What a restore did: the database now holds the backup (pages and content hash checked). */
export interface RestoreResult {
  file: string;
  pages: number;
  contentHash: string;
  /** Where the database before the restore was kept. */
  keptAside: string | null;
  /** The problems the user accepted (recorded as an alarm in the audit trail); empty for a verified backup. */
  unverified: string[];
  /** The restore is an event of the audit trail (false: the keys were locked; the next start records an alarm). */
  recorded: boolean;
}

const BackupFile = absolutePath('choose a backup file');

export const RestoreBackupInput = z
  .object({
    file: BackupFile,
    /** The user read the problems and chose to restore anyway: recorded as an alarm. */
    acceptUnverified: z.boolean(),
  })
  .strict();

export const integrityCalls = {
  listBackups: call<BackupsOverview>()(z.tuple([])),
  /** An online backup now, into the backups folder (the oldest beyond the kept number are removed). */
  backupNow: call<BackupInfo>()(z.tuple([])),
  verifyAuditTrail: call<AuditVerification>()(z.tuple([])),
  /** Checks a backup as a restore would (file, schema, its own audit trail and anchor); changes nothing. */
  checkBackup: call<BackupCheck>()(z.tuple([BackupFile])),
  /**
   * Restores a backup over the open database: the host closes it, the backend restores with every
   * check of `osce restore` and opens it again; a refusal names the reason and changes nothing.
   */
  restoreBackup: hostCall<RestoreResult>()(z.tuple([RestoreBackupInput])),
} as const;
