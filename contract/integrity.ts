/** Data safety: backups and the audit trail's verification. */
import { z } from 'zod';
import { call } from './define';

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

export const integrityCalls = {
  listBackups: call<BackupsOverview>()(z.tuple([])),
  /** An online backup now, into the backups folder (the oldest beyond the kept number are removed). */
  backupNow: call<BackupInfo>()(z.tuple([])),
  verifyAuditTrail: call<AuditVerification>()(z.tuple([])),
} as const;
