/** Shapes of the model-scoring calls (providers, keys, consent, batches, runs). Never a key's value. */
import type { PresetId, StructuredOutputMode, TokenParameter } from '../domain/model-providers/presets';

export type { PresetId, StructuredOutputMode, TokenParameter };

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
  preset: PresetId | null;
  tokenParameter: TokenParameter;
  /** Faces in every frame are blurred on this computer before the frame is sent. */
  maskFaces: boolean;
  /** What "Test connection" (or the first batch) found the server accepts; null until tested. */
  capabilities: ProviderCapabilities | null;
  /** An encrypted API key is stored for this provider (its value never crosses the bridge). */
  hasApiKey: boolean;
  /** host[:port] as in the base URL. */
  host: string;
  location: ProviderLocation;
  /** Frames and rubric text may go to this endpoint: always true on this machine, else remembered consent. */
  consentGiven: boolean;
  updatedAt: string;
}

/** Something the server refused while its capabilities were tested, in its own words. */
export interface CapabilityRefusal {
  feature: 'json_schema' | 'json_object' | 'images' | 'audio' | TokenParameter;
  status: number | null;
  message: string;
}

/** What a server (and model) accepts, found with a few tiny requests; stored per base URL and model. */
export interface ProviderCapabilities {
  /** The best structured-output mode it accepts: scoring uses it, and checks every answer anyway. */
  structuredOutput: StructuredOutputMode;
  /** json_schema was accepted and the test answer was exactly JSON; false when the model ignored it; null when not json_schema. */
  schemaFollowed: boolean | null;
  tokenParameter: TokenParameter;
  images: boolean;
  /** null: not found out (the test did not get that far). */
  audio: boolean | null;
  refusals: CapabilityRefusal[];
  /** Tiny requests the test took. */
  requests: number;
  testedAt: string;
}

export interface ConnectionCheckInfo {
  name: 'key' | 'models' | 'answer' | 'images' | 'audio';
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
  /** Stored with the provider when the test got an answer; null when it never reached the model. */
  capabilities: ProviderCapabilities | null;
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

/** Rough token counts before a batch (see services/scoring/engine/estimate.ts). */
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
  /** Faces in the frames are blurred on this computer before they are sent. */
  maskFaces: boolean;
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
  /** Faces were masked in the frames this run sent. */
  facesMasked: boolean;
  /** Frames stored as they were sent (0 for runs from before frames were kept). */
  sentFrames: number;
}

/** One frame exactly as it was sent to the model. */
export interface SentFrame {
  /** Clip mode: the step whose span it comes from; null in full mode. */
  stepId: string | null;
  position: number;
  timestampS: number;
  /** Face regions blurred or blocked out in it. */
  maskedRegions: number;
  /** data:image/jpeg;base64,… of the bytes that were sent. */
  dataUrl: string;
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
