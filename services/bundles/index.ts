export { exportBundle, BundleMediaTooLargeError, BundleKeysUnavailableError } from './export';
export { importBundle, type BundleImportResult, type MergeConflict } from './merge';
export { readBundle, type BundleContents, type BundleSigner } from './read';
export { BundleRefusedError, UnknownSignerError } from './format';
export { listTrustedSigners, trustSigner, isTrustedSigner, type TrustedSigner } from './trust';
export { listConflicts, decideConflict, ConflictDecisionError, type StoredConflict } from './conflicts';
