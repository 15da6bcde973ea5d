/**
 * Exam bundles from other workstations (preview with signer and differences, import after the
 * user confirmed an unknown signer, decide each difference), export, and trusted signers. Settings ›
 * Exam bundles and the opened-bundle notice use them; the CLI uses the same services.
 */
import { z } from 'zod';
import { call, hostCall } from './define';
import { absolutePath } from './primitives';

/**
 * Record kinds of a bundle in dependency order: importing in this order never meets a missing
 * parent. The import preview counts what would be added by these kinds.
 */
export const ENTRY_KINDS = [
  'rubric',
  'session',
  'station',
  'candidate',
  'rater',
  'recording',
  'recording_examiner',
  'model_run',
  'marking',
  'step_score',
  'step_span',
  'adjudication',
  'audit_event',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface BundleSignerInfo {
  publicKey: string;
  /** SHA-256 of the signer's public key, hex: what the user compares with the exporting workstation. */
  fingerprint: string;
  label: string;
  trusted: boolean;
  newlyTrusted: boolean;
  thisWorkstation: boolean;
}

export interface BundleDifference {
  id: number;
  kind: 'step_score' | 'adjudication' | 'step_span' | 'station' | 'marking' | 'session' | 'recording';
  key: string;
  local: Record<string, unknown>;
  incoming: Record<string, unknown>;
}

/** A preview (nothing written) or the outcome of an import. */
export interface BundleImportSummary {
  file: string;
  checksum: string;
  session: string;
  signer: BundleSignerInfo;
  alreadyImported: boolean;
  preview: boolean;
  added: Record<string, number>;
  unchanged: number;
  /** Every difference from this workstation's records; in a preview nothing is stored, so their ids mean nothing. */
  conflicts: BundleDifference[];
}

export interface MergeConflictItem {
  id: number;
  kind: string;
  key: string;
  local: Record<string, unknown>;
  incoming: Record<string, unknown>;
  status: string;
  bundleChecksum: string;
  createdAt: string;
}

export interface TrustedSignerItem {
  fingerprint: string;
  label: string;
  trustedBy: string;
  trustedAt: string;
}

const BundleFile = absolutePath('choose a bundle file');
const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'a signer fingerprint is 64 hexadecimal characters');

export const BundleImportInput = z
  .object({
    file: BundleFile,
    /** The fingerprint the user was shown and confirmed; only that signer becomes trusted. */
    trustSigner: Fingerprint.optional(),
  })
  .strict();

export const ConflictDecisionInput = z
  .object({
    id: z.number().int().positive(),
    choice: z.enum(['keep-local', 'take-incoming']),
    reason: z.string().trim().min(1, 'a reason is required').max(2000),
  })
  .strict();

/** A bundle written by exportBundle. */
export interface BundleExportResult {
  file: string;
  entries: number;
  media: number;
  checksum: string;
  /** This workstation's key fingerprint, which the importing side is shown to confirm. */
  signer: string;
}

export const BundleExportInput = z
  .object({
    session: z.string().trim().min(1, 'choose an exam session').max(200),
    file: absolutePath('choose where to save the bundle').refine(
      (f) => f.toLowerCase().endsWith('.osce-bundle'),
      'a bundle file name ends in .osce-bundle',
    ),
    withMedia: z.boolean(),
  })
  .strict();

export const bundleCalls = {
  /** Writes one session's records (and optionally its videos) into a signed bundle file. */
  exportBundle: call<BundleExportResult>()(z.tuple([BundleExportInput])),
  /** The native save dialog for a new bundle file; null when cancelled. */
  chooseBundleSavePath: hostCall<string | null>()(
    z.tuple([z.object({ defaultName: z.string().trim().min(1).max(200) }).strict()]),
  ),
  /** Reads and checks a bundle and lists what an import would add and every difference; writes nothing. */
  previewBundle: call<BundleImportSummary>()(z.tuple([BundleFile])),
  importBundle: call<BundleImportSummary>()(z.tuple([BundleImportInput])),
  listMergeConflicts: call<MergeConflictItem[]>()(z.tuple([z.object({ all: z.boolean().optional() }).strict()])),
  decideMergeConflict: call<MergeConflictItem[]>()(z.tuple([ConflictDecisionInput])),
  listTrustedSigners: call<TrustedSignerItem[]>()(z.tuple([])),
} as const;
