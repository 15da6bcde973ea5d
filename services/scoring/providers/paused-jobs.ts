/**
 * Scoring jobs a restart interrupted whose endpoint is off this machine. They are not resumed by
 * themselves at start-up: the job, its provider settings and any consent row are read from the
 * database, which anyone with the file can edit, so resuming silently could send frames (and a
 * key) to an address nobody chose. They wait, listed as paused, until the user resumes (consent
 * and the key's own endpoint are checked again then) or discards them.
 */
import { queuedRunsOfJob } from '../../../db/queries/model-runs';
import type { PausedScoringJob } from '../../../contract/scoring';
import type { OperationContext, ServiceContext } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import {
  classifyHost,
  finishScoringJob,
  finishUnsuccessful,
  getScoringJob,
  isRemote,
  mediaFrameSource,
  resumableScoringJobs,
  resumeScoringJob,
  type ScoringJobParams,
} from '../engine';
import { appSecretSource } from './key-store';

/** Whether a job's frames would leave this machine (then it waits for the user). */
export const leavesThisMachine = (params: Pick<ScoringJobParams, 'provider'>): boolean => {
  try {
    return isRemote(classifyHost(params.provider.baseUrl));
  } catch {
    return true; // An address that does not parse is not one to send anything to unasked.
  }
};

export function listPausedJobs(ctx: ServiceContext): PausedScoringJob[] {
  const out: PausedScoringJob[] = [];
  for (const id of resumableScoringJobs(ctx.db)) {
    const job = getScoringJob(ctx.db, id);
    if (!job || !leavesThisMachine(job.params)) continue;
    let host: string;
    try {
      host = classifyHost(job.params.provider.baseUrl).host;
    } catch {
      host = String(job.params.provider.baseUrl).slice(0, 200);
    }
    out.push({
      jobId: id,
      host,
      model: String(job.params.provider.model),
      recordings: Array.isArray(job.params.recordingIds) ? job.params.recordingIds.length : 0,
      facesMasked: job.params.provider.maskFaces === true,
      createdAt: job.createdAt,
    });
  }
  return out;
}

function pausedJob(ctx: ServiceContext, jobId: number) {
  const job = getScoringJob(ctx.db, jobId);
  if (!job || job.status !== 'queued' || !leavesThisMachine(job.params))
    throw new NotFoundError(`Paused scoring job ${jobId}`);
  return job;
}

/** The user's Resume: the scoring service checks consent and the key (bound to its endpoint) before sending. */
export async function resumePausedJob(
  ctx: ServiceContext,
  jobId: number,
  op: OperationContext,
  actor: string,
): Promise<{ jobId: number; status: 'done' | 'failed' | 'cancelled' }> {
  pausedJob(ctx, jobId);
  try {
    const result = await resumeScoringJob(jobId, {
      db: ctx.db,
      log: ctx.log,
      actor,
      secrets: appSecretSource(ctx),
      signal: op.signal,
      frameSource: mediaFrameSource({ cacheDir: ctx.cacheDir, binaries: () => ctx.media.binaries() }),
      onProgress: () => ctx.hostLink?.dataChanged('runs'),
    });
    return { jobId, status: result.status };
  } finally {
    ctx.hostLink?.dataChanged('runs');
  }
}

/** Gives a paused job up: its runs that never started are cancelled, then the job (each audited). */
export function discardPausedJob(ctx: ServiceContext, jobId: number, actor: string): { discarded: boolean } {
  pausedJob(ctx, jobId);
  for (const run of queuedRunsOfJob(ctx.db, jobId))
    finishUnsuccessful(ctx.db, run.id, 'cancelled', 'discarded by the user after a restart', actor);
  finishScoringJob(ctx.db, jobId, 'cancelled', 'discarded by the user after a restart', actor);
  ctx.hostLink?.dataChanged('runs');
  return { discarded: true };
}
