/**
 * At backend start-up: runs a crashed or killed process left 'running' go back to the queue, and
 * the jobs they belonged to are resumed in the background, one after another, without duplicates
 * (the scoring service adopts the very same run rows). A job that cannot resume yet (no consent,
 * no key) stays queued and is tried again at the next start. Only jobs whose endpoint is on this
 * machine resume by themselves: one whose frames would leave it waits, paused, for the user
 * (paused-jobs.ts), since the job and its settings come from a database anyone with the file can edit.
 */
import type { ServiceContext } from '../../core/context';
import { CancelledError } from '../../core/errors';
import {
  getScoringJob,
  mediaFrameSource,
  recoverInterruptedRuns,
  resumableScoringJobs,
  resumeScoringJob,
} from '../engine';
import { appSecretSource } from './key-store';
import { leavesThisMachine } from './paused-jobs';

export interface ScoringBackground {
  /** Resolves when every resumed job has finished (tests); never rejects. */
  readonly settled: Promise<void>;
  /** Cancels what is running and waits (a little) for it to write its state. */
  stop(): Promise<void>;
}

const STOP_WAIT_MS = 5000;

export function startScoringBackground(ctx: ServiceContext, actor = 'app'): ScoringBackground {
  const controller = new AbortController();
  const settled = (async () => {
    // After the caller's synchronous start-up (the worker posts 'ready' first).
    await new Promise((r) => setImmediate(r));
    try {
      const recovered = recoverInterruptedRuns(ctx.db);
      if (recovered.runs || recovered.jobs) ctx.log.info('scoring runs recovered after an interruption', recovered);
      for (const jobId of resumableScoringJobs(ctx.db)) {
        if (controller.signal.aborted) break;
        const job = getScoringJob(ctx.db, jobId);
        if (!job || leavesThisMachine(job.params)) {
          ctx.log.info('scoring job to an endpoint off this machine waits for the user', { job: jobId });
          ctx.hostLink?.dataChanged('runs');
          continue;
        }
        try {
          const result = await resumeScoringJob(jobId, {
            db: ctx.db,
            log: ctx.log,
            actor,
            secrets: appSecretSource(ctx),
            signal: controller.signal,
            frameSource: mediaFrameSource({ cacheDir: ctx.cacheDir, binaries: () => ctx.media.binaries() }),
            onProgress: () => ctx.hostLink?.dataChanged('runs'),
          });
          ctx.log.info('scoring job resumed', { job: jobId, status: result.status, recordings: result.results.length });
        } catch (err) {
          if (err instanceof CancelledError) break;
          ctx.log.warn('scoring job not resumed; it stays queued', {
            job: jobId,
            error: (err as Error).name,
            message: (err as Error).message,
          });
        }
        ctx.hostLink?.dataChanged('runs');
      }
    } catch (err) {
      ctx.log.error('resuming scoring jobs failed', { error: (err as Error).name, message: (err as Error).message });
    }
  })();
  return {
    settled,
    stop: async () => {
      controller.abort();
      await Promise.race([settled, new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
    },
  };
}
