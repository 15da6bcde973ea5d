/** Recording import: files, folders and manifests into the library and the database. Import from here. */
export { importRecordings, type ImportRequest, type ImportOptions } from './import';
export type { ImportStage } from './import-file';
export { checkRecordingFiles, type FileCheckOptions } from './file-check';
export { ProxyQueue, proxyQueueFor, type ProxyQueueOptions } from './proxy-queue';
export { startMediaBackground } from './background';
export { recordingMediaFile, recordingMediaUrlPath, parseRecordingMediaUrlPath, playableUrlPath } from './media-file';
export { readManifest, parseManifest, type ManifestRow } from './manifest';
export { expandImportPaths, VIDEO_EXTENSIONS } from './scan';
export { copyRelPath, posterRelPath, proxyRelPath, sweepStaleTemps } from './library';
export * from './errors';
export { dateProblem, candidateProblem, sessionProblem, examinerProblem } from './fields';
