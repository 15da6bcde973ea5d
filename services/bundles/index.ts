export { exportBundle, BundleMediaTooLargeError } from './export';
export { importBundle, type BundleImportResult, type MergeConflict } from './merge';
export { readBundle } from './read';
export { BundleRefusedError } from './format';
export { listConflicts, decideConflict, ConflictDecisionError, type StoredConflict } from './conflicts';
