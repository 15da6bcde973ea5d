/** Media service layer (Node only: no Electron, no DB). Import from here, not from the files. */
export * from './errors';
export { locateMediaBinaries, type BinaryInfo, type BinarySource, type LocateMediaBinariesOptions } from './binaries';
export { type RunMediaOptions, type RunMediaResult } from './ffmpeg-runner';
export { probeRecording, type RecordingProbe, type ProbeOptions, type Rotation } from './probe';
export { sha256File, mapHashError, type HashOptions } from './hash';
export { runHashJob, HashJobError, type HashJob, type HashJobOptions } from './hash-thread';
export { makePoster, posterTimeS, type PosterOptions } from './thumbnail';
export { makePosters, POSTER_BATCH_MAX, type PosterJob } from './poster-batch';
export { needsPlayableProxy, makePlayableProxy, type ProxyOptions } from './proxy';
export { type FfmpegProgress } from './progress';
export {
  sampleFrames,
  DEFAULT_FRAME_LONG_SIDE,
  type SampledFrame,
  type SampledFrames,
  type SampleFramesOptions,
  type FrameSamplingSpec,
} from './sample-frames';
export type { SamplingMethod, KeyframeIndex } from './frame-plan';
export { getOrSampleFrames } from './frame-cache';
export { assertRegularFile } from './file-checks';
export { extractAudioClip, type AudioClip } from './audio-clip';
