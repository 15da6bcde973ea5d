/** Recording import: files, folders and manifests into the library and the database. Import from here. */
export { importRecordings, type ImportRequest, type ImportOptions } from './import';
export type { ImportStage } from './import-file';
export { checkRecordingFiles, type FileCheckOptions } from './file-check';
export { type ProxyQueueOptions } from './proxy-queue';
export { type ManifestRow } from './manifest';
export * from './errors';
export { dateProblem } from './fields';
