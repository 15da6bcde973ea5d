/** Model scoring: providers, keys (never a key's value), consent, batches, runs and the frames they sent. */
import { z } from 'zod';
import type { RubricLanguage } from '../domain/rubric/texts';
import {
  PRESET_IDS,
  type PresetId,
  type StructuredOutputMode,
  type TokenParameter,
} from '../domain/model-providers/presets';
import { call, hostCall } from './define';
import { OperationId } from './primitives';

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
  /** Seconds of sound sent, when the batch sends audio, and its rough token count. */
  audioSeconds: number;
  audioTokens: number;
  /** Steps not asked, as they depend on speech and no audio is sent: reported as not assessable from video. */
  notAssessableSteps: number;
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
  /** Long side of each frame in pixels. */
  resolution: number;
  imageDetail: ImageDetailLevel;
  /** The batch sends the recordings' sound. */
  audio: boolean;
  /** Whether the server accepts audio, as tested (null: not tested yet). */
  audioAccepted: boolean | null;
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

/**
 * A scoring job to an endpoint off this machine that a restart interrupted: it is not resumed by
 * itself (frames and the key would leave without anyone asking); it waits for the user's Resume.
 */
export interface PausedScoringJob {
  jobId: number;
  host: string;
  model: string;
  recordings: number;
  facesMasked: boolean;
  createdAt: string;
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
  /** The recording's (or each span's) sound was sent with the frames. */
  audioSent: boolean;
  /** The language of the rubric text in the prompt: 'en' (the main text) unless the run chose the rubric's other language. */
  promptLanguage: RubricLanguage;
  /** Spoken steps not asked because no audio was sent (recorded as not assessable from video). */
  notAssessableFromVideo: number;
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

/** The most frames one request may carry (SiMing-Bench gave Doubao-1.6-Vision 240, Table 6). */
export const MAX_FRAMES = 240;
/** Long side of a sent frame in pixels: from a thumbnail to OpenAI's largest useful size. */
export const MIN_RESOLUTION = 128;
export const MAX_RESOLUTION = 2048;

const id = (what: string) =>
  z
    .number({ message: `${what} must be a number` })
    .int()
    .positive(`${what} must be a positive whole number`);
const whole = (label: string, min: number, max: number) =>
  z
    .number({ message: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`);

/**
 * A provider's settings as the form sends them. The same bounds as services/scoring's
 * ProviderConfigSchema (a unit test keeps the two in step), which checks the URL's meaning again.
 */
export const ProviderInput = z
  .object({
    /** Absent for a new provider. */
    id: id('provider id').optional(),
    name: z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'),
    kind: z.enum(['api', 'local'], { message: "kind must be 'api' or 'local'" }),
    baseUrl: z
      .string()
      .trim()
      .min(1, 'base URL must not be empty')
      .max(2000, 'base URL must be at most 2000 characters'),
    model: z.string().trim().min(1, 'model must not be empty').max(200, 'model must be at most 200 characters'),
    framesPerRequest: whole('frames per request', 1, MAX_FRAMES),
    imageDetail: z.enum(['low', 'high', 'auto'], { message: 'image detail must be low, high or auto' }),
    timeoutS: z
      .number({ message: 'timeout must be a number' })
      .positive('timeout must be more than 0 s')
      .max(3600, 'timeout must be at most 3600 s'),
    concurrency: whole('concurrency', 1, 32),
    temperature: z
      .number({ message: 'temperature must be a number' })
      .min(0, 'temperature must be at least 0')
      .max(2, 'temperature must be at most 2'),
    maxOutputTokens: whole('maximum output tokens', 64, 65_536),
    seed: whole('seed', 0, 2 ** 31 - 1)
      .nullable()
      .optional(),
    preset: z
      .enum(PRESET_IDS, { message: `preset must be one of ${PRESET_IDS.join(', ')}` })
      .nullable()
      .optional(),
    tokenParameter: z.enum(['max_tokens', 'max_completion_tokens'], {
      message: 'token parameter must be max_tokens or max_completion_tokens',
    }),
    maskFaces: z.boolean({ message: 'mask faces must be true or false' }),
  })
  .strict();

/**
 * An API key typed in Settings. It goes to the host process only (a host call), which encrypts it
 * with the OS keychain; the backend and the database only ever see ciphertext.
 */
export const ApiKeyInput = z
  .object({
    providerId: id('provider id'),
    apiKey: z
      .string()
      .trim()
      .min(8, 'the API key looks too short')
      .max(1000, 'the API key must be at most 1000 characters')
      .refine((k) => !/\s/.test(k), 'the API key must not contain spaces or line breaks'),
  })
  .strict();

export const RecordingScope = z.union([
  z
    .object({
      recordingIds: z
        .array(id('recording id'))
        .min(1, 'choose at least one recording')
        .max(10_000, 'at most 10000 recordings at once'),
    })
    .strict(),
  z.object({ stationId: id('station id') }).strict(),
  z.object({ sessionId: id('session id') }).strict(),
]);

export const ScoringRequestInput = z
  .object({
    providerId: id('provider id'),
    recordings: RecordingScope,
    task: z.enum(['score', 'binary'], { message: "task must be 'score' or 'binary'" }),
    mode: z.enum(['full', 'clips'], { message: "mode must be 'full' or 'clips'" }),
    /** Overrides the provider's frames per request for this batch. */
    framesPerRequest: whole('frames', 1, MAX_FRAMES).optional(),
    /** Long side of each frame in pixels (default 768). */
    resolution: whole('resolution', MIN_RESOLUTION, MAX_RESOLUTION).optional(),
    /** Overrides the provider's image detail for this batch. */
    imageDetail: z.enum(['low', 'high', 'auto'], { message: 'image detail must be low, high or auto' }).optional(),
    /** Send each recording's (or span's) sound; only to a server that accepts audio. */
    audio: z.boolean({ message: 'audio must be true or false' }).optional(),
    /** The rubric's words in the prompt: 'en' (default, the English text) or the rubric's Chinese text. */
    promptLanguage: z.enum(['en', 'zh-CN'], { message: "prompt language must be 'en' or 'zh-CN'" }).optional(),
    /** Score again even where an identical finished run exists. */
    force: z.boolean().optional(),
  })
  .strict();

/** A scoring batch as the app asks for it (before defaults are applied). */
export type ScoringRequest = z.input<typeof ScoringRequestInput>;

export const RunsFilter = z
  .object({
    recordingId: id('recording id').optional(),
    jobId: id('job id').optional(),
    limit: whole('limit', 1, 5000).optional(),
  })
  .strict();

/** The name a provider's key is stored under in the secrets table (ciphertext only). */
export function providerKeySecretName(providerId: number): string {
  return `provider:${providerId}:api_key`;
}

export const scoringCalls = {
  listModelProviders: call<ModelProvider[]>()(z.tuple([])),
  saveModelProvider: call<ModelProvider>()(z.tuple([ProviderInput])),
  deleteModelProvider: call<{ deleted: boolean }>()(z.tuple([id('provider id')])),
  /** Lists the models and sends one tiny request with a synthetic image (no recording, no rubric). */
  testModelProvider: call<ConnectionTestResult>()(z.tuple([OperationId, id('provider id')]), { cancellable: true }),
  /** Records that frames and rubric text may go to this provider's endpoint (audited). */
  grantProviderConsent: call<ModelProvider>()(
    z.tuple([
      id('provider id'),
      /** audio: the recordings' sound may go too (agreed to on its own). */
      z
        .object({ audio: z.boolean({ message: 'audio must be true or false' }) })
        .strict()
        .optional(),
    ]),
  ),
  listScoringStations: call<ScoringStation[]>()(z.tuple([])),
  /** The estimate and, for a remote endpoint, what will leave the machine; sends nothing. */
  previewScoring: call<ScoringPreview>()(z.tuple([ScoringRequestInput])),
  /** Long: progress per recording and per batch; refused with ConsentRequiredError for a remote endpoint without consent. */
  scoreRecordings: call<ScoringBatchOutcome>()(z.tuple([OperationId, ScoringRequestInput]), { cancellable: true }),
  listModelRuns: call<ModelRunItem[]>()(z.tuple([RunsFilter])),
  /** Jobs to an endpoint off this machine that a restart interrupted; they wait for the user. */
  listPausedScoringJobs: call<PausedScoringJob[]>()(z.tuple([])),
  /** Resumes a paused job: consent and the key's endpoint are checked again before anything is sent. */
  resumeScoringJob: call<{ jobId: number; status: ScoringOutcomeStatus }>()(z.tuple([OperationId, id('job id')]), {
    cancellable: true,
  }),
  /** Gives up a paused job: its runs that never started are marked cancelled (audited). */
  discardScoringJob: call<{ discarded: boolean }>()(z.tuple([id('job id')])),
  /** The frames a run sent, exactly as sent (faces masked where they were), for the review. */
  listSentFrames: call<SentFrame[]>()(z.tuple([id('run id')])),
  /** Host calls: only the host process can reach the OS keychain. */
  keyStorageStatus: hostCall<KeyStorageStatus>()(z.tuple([])),
  setProviderApiKey: hostCall<ModelProvider>()(z.tuple([ApiKeyInput])),
  removeProviderApiKey: hostCall<ModelProvider>()(z.tuple([id('provider id')])),
} as const;
