/** Result types of the record-integrity calls (bundles, trusted signers, audit verification). */

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

export interface AuditVerification {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string };
  anchor: 'verified' | 'unverifiable' | 'problem';
  problems: { code: string; seq?: number; message: string }[];
}
