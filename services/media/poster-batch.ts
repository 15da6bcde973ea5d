/**
 * Posters for several recordings in one ffmpeg process. Starting Debian's ffmpeg costs about
 * 65 ms (it loads some two hundred libraries) while taking one keyframe costs a few: an import of
 * 200 short files spent more on starting poster processes than on anything else. A batch that
 * fails, or leaves a poster empty, is made again one file at a time (makePoster and its fallbacks).
 */
import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runMediaProcess } from './ffmpeg-runner';
import { assertRegularFile } from './file-checks';
import { makePoster, POSTER_LONG_SIDE, posterInputArgs, posterOutputArgs } from './thumbnail';

export interface PosterJob {
  input: string;
  /** Written complete or not at all (a temporary name of the caller's). */
  out: string;
  atS: number;
}

/** More inputs in one process each open a file at start; eight keeps a failed batch cheap to redo. */
export const POSTER_BATCH_MAX = 8;

/**
 * Makes each job's poster: the keyframe at or before its time, long side `longSide`, all in one
 * process; then, for any job left without one, makePoster alone. Resolves per job.
 */
export async function makePosters(
  jobs: readonly PosterJob[],
  opts: { ffmpegPath: string; longSide?: number; signal?: AbortSignal },
): Promise<PromiseSettledResult<void>[]> {
  const longSide = opts.longSide ?? POSTER_LONG_SIDE;
  // Checked right before the process, as makePoster does: a FIFO swapped in would block its open.
  const usable = await Promise.all(
    jobs.map((j) =>
      assertRegularFile(resolve(j.input)).then(
        () => true,
        () => false,
      ),
    ),
  );
  const batch = jobs.filter((_, k) => usable[k]);
  let batchFailed = false;
  if (batch.length > 1) {
    const inputs = batch.flatMap((j) => posterInputArgs(resolve(j.input), j.atS, true));
    const outputs = batch.flatMap((j, k) => posterOutputArgs(resolve(j.out), longSide, true, k));
    try {
      await runMediaProcess(opts.ffmpegPath, ['-hide_banner', '-nostdin', '-v', 'error', ...inputs, ...outputs], {
        inputPath: resolve(batch[0]!.input),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch {
      // One unreadable input (or a full disk, a killed process) fails the whole process, and what it
      // wrote cannot be trusted: every job is made again on its own below.
      if (opts.signal?.aborted) return jobs.map(() => ({ status: 'rejected', reason: opts.signal!.reason }));
      batchFailed = true;
    }
  }
  // One at a time: a batch that failed may have failed on every input.
  const results: PromiseSettledResult<void>[] = [];
  for (const j of jobs) {
    try {
      const batched = batch.length > 1 && !batchFailed && batch.includes(j);
      const size = batched ? ((await stat(j.out).catch(() => undefined))?.size ?? 0) : 0;
      if (size === 0) {
        await rm(j.out, { force: true });
        await makePoster(j.input, j.out, {
          ffmpegPath: opts.ffmpegPath,
          atS: j.atS,
          longSide,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      }
      results.push({ status: 'fulfilled', value: undefined });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}
