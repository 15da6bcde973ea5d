/**
 * At backend start-up: runs a crashed or killed process left 'running' go back to the queue, and
 * the jobs they belonged to are resumed in the background, one after another, without duplicates
 * (the scoring service adopts the very same run rows). A job that cannot resume yet (no consent,
 * no key) stays queued and is tried again at the next start.
 */
import type { ServiceContext } from '../../core/context';
import { CancelledError } from '../../core/errors';
import { mediaFrameSource, recoverInterruptedRuns, resumableScoringJobs, resumeScoringJob } from '../engine';
import { appSecretSource } from './key-store';

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
