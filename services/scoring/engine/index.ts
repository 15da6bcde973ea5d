/** Model scoring: rubric-grounded suggestions from a local server or an API. Import from here. */
export * from './errors';
export {
  ProviderConfigSchema,
  parseProviderConfig,
  classifyHost,
  isRemote,
  type ProviderConfig,
  type ProviderConfigInput,
  type ProviderHost,
  type HostLocation,
  type ImageDetail,
} from './provider';
export { envSecretSource, noSecret, type SecretSource } from './secrets';
export { needsConsent, recordConsent, describeOutbound, consentScopeFor } from './consent';
export { loadPromptTemplate, type PromptTemplate, type ScoringTask, type ScoringMode } from './prompts';
export { type AnswerSchema } from './answer-schema';
export { type ParsedAnswer, type StepJudgement, type AnswerCheck } from './answer';
export { type ModelReply, type RequestFormat } from './request';
export { type BatchEstimate } from './estimate';
export {
  mediaFrameSource,
  DEFAULT_LONG_SIDE,
  type FrameSource,
  type ScoringFrame,
  type FrameRequest,
} from './frame-source';
export { mediaAudioSource, type AudioSource } from './audio-source';
export { finishUnsuccessful, recoverInterruptedRuns, type RunStatus } from './runs-store';
export {
  finishScoringJob,
  getScoringJob,
  listRuns,
  resumableScoringJobs,
  type RunListItem,
  type ScoringJobParams,
} from './jobs-store';
export { runAnswer } from '../../../db/queries/model-runs';
export { selectRecordings, type RecordingResult, type RecordingSelection } from './plan';
export {
  scoreRecordings,
  resumeScoringJob,
  estimateScoring,
  outboundDisclosure,
  type ScoreRequest,
  type ScoringDeps,
  type BatchProgress,
  type BatchResult,
} from './jobs';
export { testConnection, type ConnectionReport, type ConnectionCheck } from './connection-test';
export { getCapabilities } from './capabilities-store';
export { listSentFrames } from './sent-frames-store';
