import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CancelledError, MediaProcessError, ProbeTimeoutError, UnreadableMediaError } from './errors';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { gridTargets, planFrameSampling, type FrameJob, type KeyframeIndex, type SamplingMethod } from './frame-plan';
import { JpegStreamSplitter } from './jpeg-stream';
import type { RecordingProbe } from './probe';
import { fitLongSideFilter } from './thumbnail';

export interface SampledFrame {
  index: number;
  /** Grid point asked for (seconds from the recording start). */
  targetS: number;
  /** Presentation time of the frame actually decoded. */
  timestampS: number;
  jpeg: Buffer;
}

export interface SampledFrames {
  frames: SampledFrame[];
  method: SamplingMethod;
}

export interface FrameSamplingSpec {
  count: number;
  fromS?: number;
  toS?: number;
  /** Long side of each JPEG in pixels; smaller pictures are never enlarged. Default 768. */
  longSide?: number;
  /** JPEG quality 1–100 (mapped to ffmpeg's mjpeg q scale). Default 90. */
  quality?: number;
}

export interface SampleFramesOptions extends FrameSamplingSpec {
  ffmpegPath: string;
  ffprobePath: string;
  probe: RecordingProbe;
  signal?: AbortSignal;
  /** Concurrent ffmpeg processes; default 2–3 depending on cores. */
  parallelism?: number;
  /** For the keyframe listing; default 60 s (it demuxes, but never decodes, the span). */
  keyframeTimeoutMs?: number;
}

export const DEFAULT_FRAME_LONG_SIDE = 768;
export const DEFAULT_FRAME_QUALITY = 90;
const MAX_FRAME_COUNT = 2000;

/** 100 → q 2 (best), 1 → q 31 (worst). */
export function qualityToQscale(quality: number): number {
  const q = Math.min(100, Math.max(1, quality));
  return Math.round(2 + ((100 - q) * 29) / 99);
}

function defaultParallelism(): number {
  return Math.min(3, Math.max(2, availableParallelism() - 1));
}

/**
 * Lists keyframe times by demuxing only (packet flags; nothing is decoded). A span limits the
 * read, with a margin before it so the keyframe preceding the first grid point is known.
 */
async function listKeyframes(
  input: string,
  opts: { ffprobePath: string; fromS?: number; toS?: number; signal?: AbortSignal; timeoutMs?: number },
): Promise<KeyframeIndex> {
  const abs = resolve(input);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const interval =
    opts.fromS !== undefined || opts.toS !== undefined
      ? [
          '-read_intervals',
          `${Math.max(0, (opts.fromS ?? 0) - 30).toFixed(3)}%${opts.toS !== undefined ? (opts.toS + 5).toFixed(3) : ''}`,
        ]
      : [];
  const { stdout } = await runMediaProcess(
    opts.ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      'V:0',
      ...interval,
      '-show_entries',
      'packet=pts_time,dts_time,flags:format=start_time',
      '-of',
      'csv=p=1',
      '-i',
      fileArg(abs),
    ],
    { inputPath: abs, signal: opts.signal, timeoutMs, timeoutError: () => new ProbeTimeoutError(abs, timeoutMs) },
  );
  let startTimeS = 0;
  const keyframesAbs: number[] = [];
  let lastAbs = -Infinity;
  for (const line of stdout.toString('utf8').split(/\r?\n/)) {
    const fields = line.split(',');
    if (fields[0] === 'format') {
      const start = Number(fields[1]);
      if (Number.isFinite(start)) startTimeS = start;
      continue;
    }
    if (fields[0] !== 'packet' || fields.length < 4) continue;
    const pts = Number(fields[1]);
    const t = Number.isFinite(pts) && fields[1] !== '' ? pts : Number(fields[2]);
    const flags = fields[3] ?? '';
    if (!Number.isFinite(t) || flags.includes('D')) continue;
    lastAbs = Math.max(lastAbs, t);
    if (flags.includes('K')) keyframesAbs.push(t);
  }
  if (!Number.isFinite(lastAbs)) throw new UnreadableMediaError(abs, 'its video track contains no frames');
  const keyframesS = [...new Set(keyframesAbs.map((t) => t - startTimeS))].sort((a, b) => a - b);
  return { keyframesS, lastFrameS: lastAbs - startTimeS, startTimeS };
}

const SHOWINFO_PTS = /\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[0-9.]+(?:e[-+]?\d+)?)/;
const SHOWINFO_TIME_BASE = /config in time_base:\s*(\d+)\/(\d+)/;

function selectExpression(thresholdsAbs: number[]): string {
  // "first frame at or after T": at/after T, and the previous frame (if any) was before T.
  return thresholdsAbs
    .map((t) => {
      const v = t.toFixed(6);
      return `gte(t,${v})*(isnan(prev_t)+lt(prev_t,${v}))`;
    })
    .join('+');
}

interface DecodedFrame {
  timeS: number;
  jpeg: Buffer;
}

async function runJob(
  input: string,
  job: FrameJob,
  index: KeyframeIndex,
  opts: { ffmpegPath: string; longSide: number; qscale: number; fps: number; signal: AbortSignal; threads: number },
): Promise<DecodedFrame[]> {
  const start = index.startTimeS;
  const lastThreshold = job.thresholdsS[job.thresholdsS.length - 1]!;
  // Bound the read in case fewer frames than thresholds exist (VFR gaps, early end).
  const readForS = lastThreshold - job.seekS + 2 + 4 / (opts.fps || 25);
  const seek = job.seekS > 0 ? ['-ss', (job.seekS + 0.0005).toFixed(6), '-noaccurate_seek'] : [];
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'info',
    '-threads',
    String(job.keyframesOnly ? 1 : opts.threads),
    ...(job.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    ...seek,
    '-copyts',
    '-t',
    readForS.toFixed(3),
    '-i',
    fileArg(input),
    '-map',
    '0:V:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `select='${selectExpression(job.thresholdsS.map((t) => t + start))}',${fitLongSideFilter(opts.longSide)},showinfo`,
    '-vsync',
    'passthrough',
    '-frames:v',
    String(job.thresholdsS.length),
    '-c:v',
    'mjpeg',
    '-q:v',
    String(opts.qscale),
    '-f',
    'image2pipe',
    'pipe:1',
  ];
  // showinfo prints pts_time with 6 significant digits (0.01 s past 1000 s), so prefer the
  // integer pts times the time base it announces when the filter starts.
  let timeBase: number | undefined;
  const times: number[] = [];
  const jpegs: Buffer[] = [];
  const splitter = new JpegStreamSplitter();
  await runMediaProcess(opts.ffmpegPath, args, {
    inputPath: input,
    signal: opts.signal,
    onStdout: (chunk) => jpegs.push(...splitter.push(chunk)),
    onStderrLine: (line) => {
      const tb = SHOWINFO_TIME_BASE.exec(line);
      if (tb && Number(tb[2]) > 0) timeBase = Number(tb[1]) / Number(tb[2]);
      const m = SHOWINFO_PTS.exec(line);
      if (m) times.push((timeBase !== undefined ? Number(m[1]) * timeBase : Number(m[2])) - start);
    },
  });
  if (times.length !== jpegs.length || splitter.pendingBytes > 0) {
    throw new MediaProcessError(
      'ffmpeg',
      input,
      0,
      `frame output did not match (${jpegs.length} images, ${times.length} times)`,
    );
  }
  return jpegs.map((jpeg, i) => ({ timeS: times[i]!, jpeg }));
}

/** Runs tasks with a concurrency limit; the first failure stops the rest. */
async function runPool<T>(
  tasks: Array<(signal: AbortSignal) => Promise<T>>,
  limit: number,
  outer?: AbortSignal,
): Promise<T[]> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) controller.abort();
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < tasks.length && !controller.signal.aborted) {
      const i = next++;
      try {
        results[i] = await tasks[i]!(controller.signal);
      } catch (error) {
        // Keep the real failure, not the CancelledErrors it causes in sibling jobs.
        if (firstError === undefined || (firstError instanceof CancelledError && !(error instanceof CancelledError))) {
          firstError = error;
        }
        controller.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  if (outer?.aborted) throw new CancelledError();
  if (firstError !== undefined) throw firstError;
  return results;
}

/**
 * Samples `count` frames spread evenly over the recording (or [fromS, toS]). When keyframes are
 * at least as dense as the grid, only keyframes are decoded (fast); otherwise each grid point is
 * decoded exactly, starting from the keyframe before it. The whole file is never decoded unless
 * the grid needs it.
 */
export async function sampleFrames(input: string, options: SampleFramesOptions): Promise<SampledFrames> {
  const abs = resolve(input);
  const { probe } = options;
  const count = options.count;
  if (!Number.isInteger(count) || count < 1 || count > MAX_FRAME_COUNT) {
    throw new RangeError(`Frame count must be a whole number from 1 to ${MAX_FRAME_COUNT} (got ${count}).`);
  }
  const fromS = Math.max(0, options.fromS ?? 0);
  const toS = Math.min(probe.durationS, options.toS ?? probe.durationS);
  if (!(toS > fromS))
    throw new RangeError(`Sampling span ${fromS}–${toS} s is empty for a ${probe.durationS} s recording.`);

  try {
    const index = await listKeyframes(abs, {
      ffprobePath: options.ffprobePath,
      ...(options.fromS !== undefined ? { fromS } : {}),
      ...(options.toS !== undefined ? { toS } : {}),
      signal: options.signal,
      timeoutMs: options.keyframeTimeoutMs,
    });
    const parallelism = options.parallelism ?? defaultParallelism();
    const grid = gridTargets(count, fromS, toS);
    const plan = planFrameSampling(grid, index, {
      fps: probe.fps,
      spacingS: (toS - fromS) / count,
      parallelism,
    });
    const jobOpts = {
      ffmpegPath: options.ffmpegPath,
      longSide: options.longSide ?? DEFAULT_FRAME_LONG_SIDE,
      qscale: qualityToQscale(options.quality ?? DEFAULT_FRAME_QUALITY),
      fps: probe.fps,
      threads: Math.max(1, Math.floor(availableParallelism() / parallelism)),
    };
    const decoded = await runPool(
      plan.jobs.map((job) => (signal: AbortSignal) => runJob(abs, job, index, { ...jobOpts, signal })),
      parallelism,
      options.signal,
    );

    const frames: SampledFrame[] = new Array(count);
    plan.jobs.forEach((job, j) => {
      const out = decoded[j]!;
      job.thresholdsS.forEach((threshold, k) => {
        const frame = out.find((f) => f.timeS >= threshold - 1e-6) ?? out[out.length - 1];
        if (!frame)
          throw new MediaProcessError('ffmpeg', abs, 0, `no frame could be decoded near ${threshold.toFixed(2)} s`);
        for (const i of job.targetIndexes[k]!) {
          frames[i] = { index: i, targetS: grid[i]!, timestampS: Math.max(0, frame.timeS), jpeg: frame.jpeg };
        }
      });
    });
    return { frames, method: plan.method };
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError(abs);
    throw error;
  }
}
