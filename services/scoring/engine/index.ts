/** Model scoring: rubric-grounded suggestions from a local server or an API. Import from here. */
export * from './errors';
export { ProviderConfigSchema, parseProviderConfig, defaultTokenParameter, classifyHost, isRemote, ownAddresses, IMAGE_DETAILS, type ProviderConfig, type ProviderConfigInput, type ProviderHost, type HostLocation, type ImageDetail } from './provider';
export { envSecretSource, noSecret, resolveApiKey, type SecretSource } from './secrets';
export { needsConsent, recordConsent, describeOutbound, consentScopeFor, CONSENT_SCOPE, MASKED_CONSENT_SCOPE } from './consent';
export { loadPromptTemplate, parsePromptTemplate, renderPrompt, renderRetry, CURRENT_PROMPTS, type PromptTemplate, type ScoringTask, type ScoringMode } from './prompts';
export { buildAnswerSchema, type AnswerSchema } from './answer-schema';
export { extractJson, validateAnswer, type ParsedAnswer, type StepJudgement, type AnswerCheck } from './answer';
export { buildChatRequest, callModel, ANSWER_SCHEMA_PREFIX, type ModelReply, type RequestFormat } from './request';
export { estimateBatch, imageTokens, type BatchEstimate } from './estimate';
export { mediaFrameSource, distinctFrames, DEFAULT_LONG_SIDE, type FrameSource, type ScoringFrame, type FrameRequest } from './frame-source';
export { recoverInterruptedRuns, type RunStatus } from './runs-store';
export { listRuns, resumableScoringJobs, getScoringJob, type RunListItem, type ScoringJobParams } from './jobs-store';
export { selectRecordings, type RecordingResult, type RecordingSelection } from './plan';
export { scoreRecordings, resumeScoringJob, estimateScoring, outboundDisclosure, type ScoreRequest, type ScoringDeps, type BatchProgress, type BatchResult } from './jobs';
export { testConnection, probeAndStore, type ConnectionReport, type ConnectionCheck } from './connection-test';
export { getCapabilities, saveCapabilities } from './capabilities-store';
export { listSentFrames, sentFrameCount } from './sent-frames-store';
export { preferredFormat } from './negotiate';
