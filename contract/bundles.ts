/**
 * Exam bundles from other workstations (preview with signer and differences, import after the
 * user confirmed an unknown signer, decide each difference) and trusted signers. The screens for
 * bundles come later; the CLI uses the same services.
 */
import { z } from 'zod';
import { call } from './define';

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

const BundleFile = z.string().trim().min(1, 'choose a bundle file').max(4096);
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

export const bundleCalls = {
  /** Reads and checks a bundle and lists what an import would add and every difference; writes nothing. */
  previewBundle: call<BundleImportSummary>()(z.tuple([BundleFile])),
  importBundle: call<BundleImportSummary>()(z.tuple([BundleImportInput])),
  listMergeConflicts: call<MergeConflictItem[]>()(z.tuple([z.object({ all: z.boolean().optional() }).strict()])),
  decideMergeConflict: call<MergeConflictItem[]>()(z.tuple([ConflictDecisionInput])),
  listTrustedSigners: call<TrustedSignerItem[]>()(z.tuple([])),
} as const;
