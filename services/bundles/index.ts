export { exportBundle } from './export';
export { importBundle, type BundleImportResult, type MergeConflict } from './merge';
export { readBundle, type BundleContents, type BundleSigner } from './read';
export { BundleRefusedError, UnknownSignerError } from './format';
export { type TrustedSigner } from './trust';
export { listConflicts, decideConflict, type StoredConflict } from './conflicts';
