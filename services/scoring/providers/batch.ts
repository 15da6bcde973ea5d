/**
 * A scoring batch started from the app: which recordings (a choice, a station or a session), the
 * provider's saved settings, the estimate and disclosure shown before, and progress per recording
 * and per batch while it runs. The scoring itself is services/scoring's scoreRecordings.
 */
import type { z } from 'zod';
import type { Db } from '../../../db/connection';
import { latestRunReason } from '../../../db/queries/model-runs';
import {
  placedRecording,
  recordingIdsWhere,
  rubricTitlesOfRecordings,
  sessionById,
} from '../../../db/queries/recordings';
import type { RecordingScope, ScoringRequestInput } from '../../../contract/scoring';
import type { ProgressItem } from '../../../contract/events';
import type { ScoringBatchOutcome, ScoringPreview, ScoringRecordingResult } from '../../../contract/scoring';
import type { OperationContext, ServiceContext } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import {
  classifyHost,
  DEFAULT_LONG_SIDE,
  estimateScoring,
  getCapabilities,
  isRemote,
  mediaAudioSource,
  mediaFrameSource,
  needsConsent,
  outboundDisclosure,
  scoreRecordings,
  selectRecordings,
  ScoringError,
  type BatchProgress,
  type ScoreRequest,
} from '../engine';
import { appSecretSource } from './key-store';
import { getProvider, type StoredProvider } from './providers';

type ScoringInput = z.output<typeof ScoringRequestInput>;

class NothingToScoreError extends ScoringError {
  override name = 'NothingToScore';
  constructor() {
    super('No recordings match this choice, so there is nothing to score.');
  }
}

function resolveScope(db: Db, scope: z.output<typeof RecordingScope>): number[] {
  if ('sessionId' in scope) {
    if (!sessionById(db, scope.sessionId)) throw new NotFoundError(`Exam session ${scope.sessionId}`);
    return recordingIdsWhere(db, { sessionId: scope.sessionId });
  }
  return selectRecordings(db, scope);
}

/** The request the scoring service gets: the provider's settings, frames overridden for this batch. */
function scoreRequest(db: Db, input: ScoringInput): { request: ScoreRequest; provider: StoredProvider } {
  const provider = getProvider(db, input.providerId);
  const recordingIds = resolveScope(db, input.recordings);
  if (recordingIds.length === 0) throw new NothingToScoreError();
  const config = {
    ...provider.config,
    ...(input.framesPerRequest !== undefined ? { framesPerRequest: input.framesPerRequest } : {}),
    ...(input.imageDetail !== undefined ? { imageDetail: input.imageDetail } : {}),
  };
  return {
    provider,
    request: {
      provider: config,
      task: input.task,
      mode: input.mode,
      recordingIds,
      force: input.force ?? false,
      longSide: input.resolution ?? DEFAULT_LONG_SIDE,
      ...(input.audio ? { audio: true } : {}),
      ...(input.promptLanguage === 'zh-CN' ? { promptLanguage: input.promptLanguage } : {}),
    },
  };
}

/** "Candidate C0042 · station S1" (or the file name): for the examiner's eyes only, never sent. */
export function recordingLabels(db: Db, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const id of ids) {
    const r = placedRecording(db, id);
    if (!r) continue;
    const who = r.candidate_code
      ? `Candidate ${r.candidate_code}`
      : (r.original_path.split(/[\\/]/).pop() ?? `Recording ${id}`);
    out.set(id, `${who} · station ${r.station_code}`);
  }
  return out;
}

export function previewScoring(db: Db, input: ScoringInput): ScoringPreview {
  const { request, provider } = scoreRequest(db, input);
  const where = classifyHost(request.provider.baseUrl);
  const rubrics = rubricTitlesOfRecordings(db, request.recordingIds);
  const labels = recordingLabels(db, request.recordingIds);
  return {
    recordings: request.recordingIds.map((id) => ({ id, label: labels.get(id) ?? `Recording ${id}` })),
    providerId: provider.id,
    providerName: provider.name,
    model: request.provider.model,
    host: where.host,
    location: where.location,
    framesPerRequest: request.provider.framesPerRequest,
    resolution: request.longSide ?? DEFAULT_LONG_SIDE,
    imageDetail: request.provider.imageDetail,
    audio: request.audio === true,
    audioAccepted: getCapabilities(db, request.provider.baseUrl, request.provider.model)?.audio ?? null,
    estimate: estimateScoring(db, request),
    needsConsent: needsConsent(db, request.provider, undefined, request.audio === true),
    disclosure: isRemote(where) ? outboundDisclosure(request) : null,
    maskFaces: request.provider.maskFaces,
    rubrics: rubrics.map((r) => `${r.title} v${r.version}`),
  };
}

/** Which recording's run just changed state, told apart by which counter moved. */
function progressItem(db: Db, p: BatchProgress, before: BatchProgress | null): ProgressItem | undefined {
  if (p.recordingId === undefined) return undefined;
  const moved = (k: 'done' | 'failed' | 'cancelled') => p[k] > (before?.[k] ?? 0);
  const status: ProgressItem['status'] = moved('done')
    ? 'done'
    : moved('failed')
      ? 'failed'
      : moved('cancelled')
        ? 'cancelled'
        : 'running';
  if (status === 'running' || status === 'done') return { id: p.recordingId, status };
  const reason = latestRunReason(db, p.jobId, p.recordingId);
  return { id: p.recordingId, status, reason: reason ?? null };
}

/**
 * Runs the batch as one cancellable operation. A remote endpoint without consent is refused by
 * the scoring service with ConsentRequiredError before anything is written or sent.
 */
export async function runScoringBatch(
  ctx: ServiceContext,
  input: ScoringInput,
  op: OperationContext,
  actor: string,
): Promise<ScoringBatchOutcome> {
  const { request, provider } = scoreRequest(ctx.db, input);
  const labels = recordingLabels(ctx.db, request.recordingIds);
  let last: BatchProgress | null = null;
  try {
    const batch = await scoreRecordings(request, {
      db: ctx.db,
      log: ctx.log,
      actor,
      secrets: appSecretSource(ctx, provider.id),
      frameSource: mediaFrameSource({ cacheDir: ctx.cacheDir, binaries: () => ctx.media.binaries() }),
      audioSource: mediaAudioSource({ binaries: () => ctx.media.binaries() }),
      signal: op.signal,
      onProgress: (p) => {
        const item = progressItem(ctx.db, p, last);
        last = p;
        const current = p.recordingId !== undefined ? labels.get(p.recordingId) : undefined;
        op.progress({
          done: p.done + p.failed + p.cancelled,
          total: p.total,
          message: `${p.done} done, ${p.failed} failed${p.reused ? ` (${p.reused} reused)` : ''}, ${p.running} running`,
          ...(current ? { current } : {}),
          ...(item ? { item } : {}),
        });
      },
    });
    const results: ScoringRecordingResult[] = batch.results.map((r) => ({
      recordingId: r.recording_id,
      label: labels.get(r.recording_id) ?? `Recording ${r.recording_id}`,
      runId: r.run_id,
      status: r.status,
      reason: r.reason,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      reused: r.reused,
    }));
    const used = results.filter((r) => !r.reused);
    return {
      jobId: batch.jobId,
      status: batch.status,
      results,
      tokens: {
        prompt: used.reduce((a, r) => a + (r.promptTokens ?? 0), 0),
        completion: used.reduce((a, r) => a + (r.completionTokens ?? 0), 0),
      },
    };
  } finally {
    ctx.hostLink?.dataChanged('runs');
  }
}
