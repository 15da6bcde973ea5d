/**
 * Record-integrity calls (spread into `api` in contract/api.ts): exam bundles from other
 * workstations (preview with signer and differences, import after the user confirmed an unknown
 * signer, decide each difference), trusted signers, audit verification, and lead examiners.
 * The screens for bundles and restore come later; the CLI uses the same services.
 */
import { z } from 'zod';
import { call } from './define';
import type { Examiner } from './review-types';
import type { AuditVerification, BundleImportSummary, MergeConflictItem, TrustedSignerItem } from './integrity-types';

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

export const LeadExaminerInput = z
  .object({ sessionId: z.number().int().positive(), examinerId: z.number().int().positive(), lead: z.boolean() })
  .strict();

export const integrityCalls = {
  /** Reads and checks a bundle and lists what an import would add and every difference; writes nothing. */
  previewBundle: call<BundleImportSummary>()(z.tuple([BundleFile])),
  importBundle: call<BundleImportSummary>()(z.tuple([BundleImportInput])),
  listMergeConflicts: call<MergeConflictItem[]>()(z.tuple([z.object({ all: z.boolean().optional() }).strict()])),
  decideMergeConflict: call<MergeConflictItem[]>()(z.tuple([ConflictDecisionInput])),
  listTrustedSigners: call<TrustedSignerItem[]>()(z.tuple([])),
  verifyAuditTrail: call<AuditVerification>()(z.tuple([])),
  setLeadExaminer: call<Examiner[]>()(z.tuple([LeadExaminerInput])),
};
