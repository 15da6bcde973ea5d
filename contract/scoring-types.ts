/** Shapes of the model-scoring calls (providers, keys, consent, batches, runs). Never a key's value. */

export type ProviderKind = 'api' | 'local';
export type ImageDetailLevel = 'low' | 'high' | 'auto';
/** Where a provider lives: only 'remote' means frames leave this machine. */
export type ProviderLocation = 'loopback' | 'this-machine' | 'remote';

/** A provider as configured in Settings. */
export interface ModelProvider {
  id: number;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  model: string;
  framesPerRequest: number;
  imageDetail: ImageDetailLevel;
  timeoutS: number;
  concurrency: number;
  temperature: number;
  maxOutputTokens: number;
  seed: number | null;
  /** An encrypted API key is stored for this provider (its value never crosses the bridge). */
  hasApiKey: boolean;
  /** host[:port] as in the base URL. */
  host: string;
  location: ProviderLocation;
  /** Frames and rubric text may go to this endpoint: always true on this machine, else remembered consent. */
  consentGiven: boolean;
  updatedAt: string;
}

export interface ConnectionCheckInfo {
  name: 'key' | 'models' | 'answer';
  ok: boolean;
  detail: string;
}

/** "Test connection": what works and what does not, in order. */
export interface ConnectionTestResult {
  ok: boolean;
  host: string;
  location: ProviderLocation;
  models: string[] | null;
  checks: ConnectionCheckInfo[];
}

/** How the host process can keep API keys (Electron safeStorage). */
export interface KeyStorageStatus {
  /** The OS offers encryption at all. */
  available: boolean;
  /** safeStorage's backend: 'gnome_libsecret', 'kwallet5', 'basic_text' on Linux; 'os' elsewhere. */
  backend: string;
  /** Linux 'basic_text': encrypted with a fixed password every copy of Chromium knows, as good as plain text. */
  plainTextEquivalent: boolean;
  /** The user accepted plain-text-equivalent storage in Settings. */
  plainTextAccepted: boolean;
  /** A key can be stored now. */
  canStore: boolean;
  /** Why a key cannot be stored, in words for the user; null when it can. */
  problem: string | null;
}

/** Rough token counts before a batch (see services/scoring/estimate.ts). */
export interface ScoringEstimate {
  recordings: number;
  requests: number;
  frames: number;
  imageTokens: number;
  promptTextTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** The most output the batch may use (maximum output tokens × requests). */
  maxOutputTokens: number;
  perImageTokens: number;
}

/** What a batch would do, shown before it starts. */
export interface ScoringPreview {
  /** The recordings chosen, with labels for the examiner (labels are never sent). */
  recordings: { id: number; label: string }[];
  providerId: number;
  providerName: string;
  model: string;
  host: string;
  location: ProviderLocation;
  framesPerRequest: number;
  estimate: ScoringEstimate;
  /** The endpoint is not on this machine and nobody agreed yet: the consent dialog comes first. */
  needsConsent: boolean;
  /** Exactly what leaves this machine, in words (null when nothing does). */
  disclosure: string | null;
  /** Rubrics whose text would be sent ("Bag-mask ventilation v1"). */
  rubrics: string[];
}

export type ScoringOutcomeStatus = 'done' | 'failed' | 'cancelled';

export interface ScoringRecordingResult {
  recordingId: number;
  /** Candidate code or file name, and station: for the examiner, never sent anywhere. */
  label: string;
  runId: number | null;
  status: ScoringOutcomeStatus;
  reason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** An identical finished run was reused; nothing was sent. */
  reused: boolean;
}

export interface ScoringBatchOutcome {
  jobId: number | null;
  status: ScoringOutcomeStatus;
  results: ScoringRecordingResult[];
  /** Tokens actually used (reused runs cost nothing). */
  tokens: { prompt: number; completion: number };
}

export type ModelRunStatus = 'queued' | 'running' | 'done' | 'rejected' | 'failed' | 'cancelled';

/** One model run, for the runs list. */
export interface ModelRunItem {
  id: number;
  recordingId: number;
  recordingLabel: string;
  jobId: number | null;
  status: ModelRunStatus;
  host: string;
  model: string;
  task: string;
  mode: string;
  promptVersion: string;
  rubric: string;
  stepId: string | null;
  reason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
  /** A forced re-run replaced this one. */
  superseded: boolean;
}

/** A station of a session, for "score the whole station". */
export interface ScoringStation {
  id: number;
  sessionId: number;
  sessionName: string;
  code: string;
  rubric: string;
  recordingCount: number;
}
