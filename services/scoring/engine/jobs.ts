/**
 * The scoring service's entry points: score a batch of recordings, resume a job after a restart,
 * and estimate a batch. Runs are persistent (see runs-store.ts); this module only drives them:
 * frames are extracted a few at a time, requests go out within the provider's concurrency limit,
 * and a cancel stops everything and marks what did not finish as cancelled.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Db } from '../../../db/connection';
import type { RubricLanguage } from '../../../domain/rubric/texts';
import type { RubricTextLanguage } from '../../../domain/rubric/types';
import { NotFoundError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { localFaceMasker, type FaceMasker } from '../../media/face-masking';
import type { BatchConnection } from './adaptive-send';
import { getCapabilities, saveCapabilities } from './capabilities-store';
import { probeAndStore } from './connection-test';
import { AudioNotAcceptedError, ConsentRequiredError, UnsupportedInputError } from './errors';
import type { AudioSource } from './audio-source';
import { describeOutbound, needsConsent } from './consent';
import { DEFAULT_LONG_SIDE, type FrameSource } from './frame-source';
import {
  finishScoringJob,
  getScoringJob,
  takeScoringJob,
  updateJobProgress,
  type JobProgress,
  type ScoringJobParams,
} from './jobs-store';
import { Semaphore } from '../../core/semaphore';
import { providerGate } from './limiter';
import { preferredFormat } from './negotiate';
import { estimateForRecordings, planBatch, plannedRunsOfJob, type RecordingResult } from './plan';
import { loadPromptTemplate, type ScoringMode, type ScoringTask } from './prompts';
import { classifyHost, parseProviderConfig, type ProviderConfig } from './provider';
import { nowIso } from '../../core/clock';
import type { BackoffOptions } from './retry';
import { claimRun, finishUnsuccessful, recoverInterruptedRuns, THIS_WORKER } from './runs-store';
import { executeRun, type PlannedRun, type RunEnvironment } from './score-run';
import { resolveApiKey, type SecretSource } from './secrets';
import type { BatchEstimate } from './estimate';

export interface ScoringDeps {
  db: Db;
  log: Logger;
  /** Who is acting, for the audit trail ('cli', 'app', an examiner's name). */
  actor: string;
  secrets: SecretSource;
  frameSource: FrameSource;
  promptsDir?: string;
  backoff?: BackoffOptions;
  /** Concurrent frame extractions (each runs a few ffmpeg processes). */
  frameConcurrency?: number;
  signal?: AbortSignal;
  onProgress?(p: BatchProgress): void;
  /** For tests: what counts as this machine when deciding on consent. */
  ownAddresses?: Set<string>;
  /** Masks faces for providers with maskFaces on; default: the detector on this machine. */
  faceMasker?: FaceMasker;
  /** Where a run's audio comes from when the batch sends audio (ffmpeg: mediaAudioSource). */
  audioSource?: AudioSource;
  /**
   * Find out what a provider accepts before its first batch (a few tiny requests, stored); on by
   * default. Off only in tests that count requests and store capabilities themselves.
   */
  negotiate?: boolean;
}

export interface ScoreRequest {
  provider: ProviderConfig;
  task: ScoringTask;
  mode: ScoringMode;
  recordingIds: number[];
  force?: boolean;
  longSide?: number;
  /** Send each recording's (or span's) audio; only where the server accepts audio (else refused). */
  audio?: boolean;
  /** The rubric text in the prompt: 'en' (default, the main text) or the rubric's own other language. */
  promptLanguage?: RubricLanguage;
}

/** The job parameter for a request's prompt language: absent for English, so older jobs and keys stay. */
const promptLanguageParam = (req: ScoreRequest): { promptLanguage?: RubricTextLanguage } =>
  req.promptLanguage && req.promptLanguage !== 'en' ? { promptLanguage: req.promptLanguage } : {};

export interface BatchProgress {
  jobId: number;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  reused: number;
  running: number;
  /** The recording whose run just changed state. */
  recordingId?: number;
}

export interface BatchResult {
  jobId: number | null;
  status: 'done' | 'failed' | 'cancelled';
  results: RecordingResult[];
}

function defaultFrameConcurrency(): number {
  return Math.max(2, Math.min(4, Math.floor(availableParallelism() / 2)));
}

/** What leaves the machine, for the consent dialog or the CLI's message. */
export function outboundDisclosure(req: ScoreRequest): string {
  return describeOutbound({
    provider: req.provider,
    mode: req.mode,
    recordings: req.recordingIds.length,
    longSide: req.longSide ?? DEFAULT_LONG_SIDE,
    ...(req.audio ? { audio: true } : {}),
  });
}

interface Prepared {
  connection: BatchConnection;
  masker: FaceMasker | null;
}

/**
 * Before anything is planned: the server's capabilities (tested now when this base URL and model
 * are new), a refusal when it cannot take images, the masker loaded when faces are masked (a
 * detector that cannot load stops the batch here, so nothing unmasked is ever sent), and the
 * batch's connection with the answer format and the adaptive gate.
 */
async function prepareBatch(
  provider: ProviderConfig,
  apiKey: string,
  deps: ScoringDeps,
  wantsAudio: boolean,
): Promise<Prepared> {
  let caps = getCapabilities(deps.db, provider.baseUrl, provider.model);
  if (!caps && deps.negotiate !== false) {
    const found = await probeAndStore(deps.db, provider, apiKey, {
      signal: deps.signal ?? new AbortController().signal,
      actor: deps.actor,
    });
    caps = found.capabilities;
    deps.log.info('provider capabilities tested before its first batch', {
      host: classifyHost(provider.baseUrl).host,
      model: provider.model,
      found: caps,
    });
  }
  const host = classifyHost(provider.baseUrl).host;
  if (caps && !caps.images) {
    const said = caps.refusals.find((r) => r.feature === 'images')?.message ?? 'no reason given';
    throw new UnsupportedInputError(host, provider.model, said);
  }
  // Audio goes only to a server that took the audio test; what it said otherwise is named.
  if (wantsAudio && caps?.audio !== true) {
    const said = caps?.refusals.find((r) => r.feature === 'audio')?.message ?? null;
    throw new AudioNotAcceptedError(host, provider.model, caps?.audio === false ? (said ?? 'no reason given') : null);
  }
  let masker: FaceMasker | null = null;
  if (provider.maskFaces) {
    masker = deps.faceMasker ?? localFaceMasker();
    await masker.describe();
  }
  const local = provider.kind === 'local';
  const known = caps;
  const connection: BatchConnection = {
    provider,
    apiKey,
    format: preferredFormat(provider, caps),
    stopped: null,
    gate: providerGate(classifyHost(provider.baseUrl).origin, {
      max: provider.concurrency,
      start: local ? 1 : provider.concurrency,
      latencySensitive: local,
    }),
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    learned: (refusal, next) => {
      deps.log.warn('the server refused part of a scoring request', {
        host,
        feature: refusal.feature,
        status: refusal.status,
        message: refusal.message,
        next,
      });
      const base = getCapabilities(deps.db, provider.baseUrl, provider.model) ?? known;
      if (!base) return;
      saveCapabilities(deps.db, provider.baseUrl, provider.model, {
        ...base,
        ...(next ? { structuredOutput: next.structuredOutput, tokenParameter: next.tokenParameter } : {}),
        ...(refusal.feature === 'images' ? { images: false } : {}),
        refusals: [...base.refusals.filter((r) => r.feature !== refusal.feature), refusal],
        testedAt: nowIso(),
      });
    },
  };
  return { connection, masker };
}

export function estimateScoring(db: Db, req: ScoreRequest, promptsDir?: string): BatchEstimate {
  const template = loadPromptTemplate(req.task, req.mode, promptsDir);
  return estimateForRecordings(
    db,
    {
      provider: req.provider,
      task: req.task,
      mode: req.mode,
      recordingIds: req.recordingIds,
      longSide: req.longSide ?? DEFAULT_LONG_SIDE,
      ...(req.audio ? { audio: true } : {}),
      ...promptLanguageParam(req),
    },
    template,
  );
}

/**
 * Scores recordings as one job. Throws before anything is written when the provider needs consent
 * or a key that is missing; otherwise every recording gets a result, and the job's own status says
 * whether all went well.
 */
export async function scoreRecordings(req: ScoreRequest, deps: ScoringDeps): Promise<BatchResult> {
  const template = loadPromptTemplate(req.task, req.mode, deps.promptsDir);
  if (needsConsent(deps.db, req.provider, deps.ownAddresses, req.audio === true)) {
    throw new ConsentRequiredError(classifyHost(req.provider.baseUrl).origin, outboundDisclosure(req));
  }
  const { key } = await resolveApiKey(deps.secrets, req.provider);
  const prepared = await prepareBatch(req.provider, key, deps, req.audio === true);
  recoverInterruptedRuns(deps.db);
  const params: ScoringJobParams = {
    provider: req.provider,
    task: req.task,
    mode: req.mode,
    longSide: req.longSide ?? DEFAULT_LONG_SIDE,
    force: req.force ?? false,
    recordingIds: [...new Set(req.recordingIds)],
    ...(req.audio ? { audio: true } : {}),
    ...promptLanguageParam(req),
  };
  const plan = planBatch(deps.db, params, template, deps.actor);
  deps.log.info('scoring batch planned', {
    job: plan.jobId,
    host: classifyHost(req.provider.baseUrl).host,
    model: req.provider.model,
    task: req.task,
    mode: req.mode,
    audio: req.audio === true,
    promptLanguage: req.promptLanguage ?? 'en',
    runs: plan.runs.length,
    settled: plan.settled.length,
  });
  return runPlanned(plan.jobId, params, plan.runs, plan.settled, prepared, deps);
}

/** Continues a job whose process ended (the app calls this for resumableScoringJobs() at start-up). */
export async function resumeScoringJob(jobId: number, deps: ScoringDeps): Promise<BatchResult> {
  const job = getScoringJob(deps.db, jobId);
  if (!job) throw new NotFoundError(`Scoring job ${jobId}`);
  // Settings stored by an older version lack newer fields; parsing fills them the same way as for a new batch.
  const params: ScoringJobParams = { ...job.params, provider: parseProviderConfig(job.params.provider) };
  if (needsConsent(deps.db, params.provider, deps.ownAddresses, params.audio === true)) {
    throw new ConsentRequiredError(classifyHost(params.provider.baseUrl).origin, outboundDisclosure(params));
  }
  const { key } = await resolveApiKey(deps.secrets, params.provider);
  const prepared = await prepareBatch(params.provider, key, deps, params.audio === true);
  recoverInterruptedRuns(deps.db);
  if (!takeScoringJob(deps.db, jobId)) return { jobId, status: job.status === 'done' ? 'done' : 'failed', results: [] };
  const { runs, settled } = plannedRunsOfJob(deps.db, jobId);
  for (const s of settled)
    if (s.run_id !== null) finishUnsuccessful(deps.db, s.run_id, 'failed', s.reason ?? 'cannot be scored', deps.actor);
  return runPlanned(jobId, params, runs, settled, prepared, deps);
}

async function runPlanned(
  jobId: number,
  params: ScoringJobParams,
  runs: PlannedRun[],
  settled: RecordingResult[],
  prepared: Prepared,
  deps: ScoringDeps,
): Promise<BatchResult> {
  // One internal signal for the whole batch: every waiting run listens on it, more than the
  // default ten listeners, and the caller's signal should not carry them.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const outer = deps.signal;
  const onOuterAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  const template = loadPromptTemplate(params.task, params.mode, deps.promptsDir);
  const frameGate = new Semaphore(deps.frameConcurrency ?? defaultFrameConcurrency());
  // Frames are held only by runs inside this window, which bounds memory on large batches.
  const window = new Semaphore(params.provider.concurrency + (deps.frameConcurrency ?? defaultFrameConcurrency()));
  const env: RunEnvironment = {
    db: deps.db,
    actor: deps.actor,
    log: deps.log,
    provider: params.provider,
    template,
    frameSource: deps.frameSource,
    frameGate,
    connection: prepared.connection,
    masker: prepared.masker,
    ...(deps.audioSource ? { audioSource: deps.audioSource } : {}),
    signal,
  };
  const results = new Map<number, RecordingResult>();
  for (const s of settled) results.set(s.recording_id, s);
  const progress: JobProgress = {
    worker: THIS_WORKER,
    total: settled.length + runs.length,
    done: settled.filter((s) => s.status === 'done').length,
    failed: settled.filter((s) => s.status === 'failed').length,
    cancelled: 0,
    reused: settled.filter((s) => s.reused).length,
  };
  let running = 0;
  const report = (recordingId?: number) => {
    updateJobProgress(deps.db, jobId, progress);
    deps.onProgress?.({ jobId, ...progress, running, ...(recordingId !== undefined ? { recordingId } : {}) });
  };
  report();

  await Promise.all(
    runs.map(async (plan) => {
      const recordingId = plan.target.recording.id;
      let release: (() => void) | undefined;
      try {
        release = await window.acquire(signal);
      } catch {
        return; // cancelled while waiting: settled below
      }
      try {
        if (!claimRun(deps.db, plan.runId)) {
          results.set(recordingId, {
            recording_id: recordingId,
            run_id: plan.runId,
            status: 'failed',
            reason: 'another process took this run',
            prompt_tokens: null,
            completion_tokens: null,
            reused: false,
          });
          progress.failed++;
          return;
        }
        running++;
        report(recordingId);
        const outcome = await executeRun(env, plan).finally(() => running--);
        progress[outcome.status === 'done' ? 'done' : outcome.status === 'failed' ? 'failed' : 'cancelled']++;
        results.set(recordingId, {
          recording_id: recordingId,
          run_id: plan.runId,
          status: outcome.status,
          reason: outcome.reason,
          prompt_tokens: outcome.tokens.prompt,
          completion_tokens: outcome.tokens.completion,
          reused: false,
        });
        report(recordingId);
      } finally {
        release();
      }
    }),
  );

  outer?.removeEventListener('abort', onOuterAbort);
  // Runs that never started because of a cancel: marked cancelled, so nothing stays queued.
  for (const plan of runs) {
    const recordingId = plan.target.recording.id;
    if (results.has(recordingId)) continue;
    finishUnsuccessful(deps.db, plan.runId, 'cancelled', 'cancelled before it started', deps.actor);
    progress.cancelled++;
    results.set(recordingId, {
      recording_id: recordingId,
      run_id: plan.runId,
      status: 'cancelled',
      reason: 'cancelled before it started',
      prompt_tokens: null,
      completion_tokens: null,
      reused: false,
    });
  }
  report();
  const ordered = [...results.values()].sort((a, b) => a.recording_id - b.recording_id);
  const status: BatchResult['status'] =
    signal.aborted || progress.cancelled ? 'cancelled' : progress.failed ? 'failed' : 'done';
  const failedCount = ordered.filter((r) => r.status === 'failed').length;
  const stopped = prepared.connection.stopped ? `; stopped: ${prepared.connection.stopped.message}` : '';
  finishScoringJob(
    deps.db,
    jobId,
    status,
    failedCount ? `${failedCount} of ${ordered.length} recording(s) failed${stopped}` : null,
    deps.actor,
  );
  return { jobId, status, results: ordered };
}
