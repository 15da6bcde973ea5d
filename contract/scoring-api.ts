/** The model-scoring calls of the contract (spread into `api` in contract/api.ts). */
import { z } from 'zod';
import { call, hostCall } from './define';
import { PRESET_IDS } from '../domain/model-providers/presets';
import type {
  ConnectionTestResult,
  KeyStorageStatus,
  ModelProvider,
  ModelRunItem,
  ScoringBatchOutcome,
  ScoringPreview,
  ScoringStation,
  SentFrame,
} from './scoring-types';

// The same rule as api.ts's OperationId. Not imported from there: api.ts imports this module, and
// a module that imports this one first would then see api.ts without these calls.
const operationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'operation id must be 8-64 letters, digits, - or _');
const id = (what: string) => z.number({ message: `${what} must be a number` }).int().positive(`${what} must be a positive whole number`);
const whole = (label: string, min: number, max: number) =>
  z.number({ message: `${label} must be a number` }).int(`${label} must be a whole number`).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`);

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
    baseUrl: z.string().trim().min(1, 'base URL must not be empty').max(2000, 'base URL must be at most 2000 characters'),
    model: z.string().trim().min(1, 'model must not be empty').max(200, 'model must be at most 200 characters'),
    framesPerRequest: whole('frames per request', 1, 64),
    imageDetail: z.enum(['low', 'high', 'auto'], { message: 'image detail must be low, high or auto' }),
    timeoutS: z.number({ message: 'timeout must be a number' }).positive('timeout must be more than 0 s').max(3600, 'timeout must be at most 3600 s'),
    concurrency: whole('concurrency', 1, 32),
    temperature: z.number({ message: 'temperature must be a number' }).min(0, 'temperature must be at least 0').max(2, 'temperature must be at most 2'),
    maxOutputTokens: whole('maximum output tokens', 64, 65_536),
    seed: whole('seed', 0, 2 ** 31 - 1).nullable().optional(),
    preset: z.enum(PRESET_IDS, { message: `preset must be one of ${PRESET_IDS.join(', ')}` }).nullable().optional(),
    tokenParameter: z.enum(['max_tokens', 'max_completion_tokens'], { message: 'token parameter must be max_tokens or max_completion_tokens' }),
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
  z.object({ recordingIds: z.array(id('recording id')).min(1, 'choose at least one recording').max(10_000, 'at most 10000 recordings at once') }).strict(),
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
    framesPerRequest: whole('frames', 1, 64).optional(),
    /** Score again even where an identical finished run exists. */
    force: z.boolean().optional(),
  })
  .strict();

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
  testModelProvider: call<ConnectionTestResult>()(z.tuple([operationId, id('provider id')]), { cancellable: true }),
  /** Records that frames and rubric text may go to this provider's endpoint (audited). */
  grantProviderConsent: call<ModelProvider>()(z.tuple([id('provider id')])),
  listScoringStations: call<ScoringStation[]>()(z.tuple([])),
  /** The estimate and, for a remote endpoint, what will leave the machine; sends nothing. */
  previewScoring: call<ScoringPreview>()(z.tuple([ScoringRequestInput])),
  /** Long: progress per recording and per batch; refused with ConsentRequiredError for a remote endpoint without consent. */
  scoreRecordings: call<ScoringBatchOutcome>()(z.tuple([operationId, ScoringRequestInput]), { cancellable: true }),
  listModelRuns: call<ModelRunItem[]>()(z.tuple([RunsFilter])),
  /** The frames a run sent, exactly as sent (faces masked where they were), for the review. */
  listSentFrames: call<SentFrame[]>()(z.tuple([id('run id')])),
  /** Host calls: only the host process can reach the OS keychain. */
  keyStorageStatus: hostCall<KeyStorageStatus>()(z.tuple([])),
  setProviderApiKey: hostCall<ModelProvider>()(z.tuple([ApiKeyInput])),
  removeProviderApiKey: hostCall<ModelProvider>()(z.tuple([id('provider id')])),
} as const;
