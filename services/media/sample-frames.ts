import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CancelledError, MediaProcessError, ProbeTimeoutError, UnreadableMediaError } from './errors';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { decodeRanges, type DecodedFrame } from './frame-decode';
import {
  decodedSeconds,
  gridTargets,
  KEYFRAME_SNAP_MAX_S,
  planKeyframes,
  planRanges,
  planSeeks,
  planStraight,
  planUnlistedKeyframes,
  type FramePlan,
  type KeyframeIndex,
  type SamplingMethod,
} from './frame-plan';
import type { RecordingProbe } from './probe';

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
  /** The keyframes used, when they were listed or given (a caller may keep them for the next sampling). */
  keyframes?: KeyframeIndex;
}

export interface FrameSamplingSpec {
  count: number;
  fromS?: number;
  toS?: number;
  /** Long side of each JPEG in pixels; smaller pictures are never enlarged. Default 768. */
  longSide?: number;
  /** JPEG quality 1–100 (mapped to ffmpeg's mjpeg q scale). Default 90. */
  quality?: number;
  /**
   * Every frame within FRAME_TOLERANCE_S of its grid point even when keyframes are dense enough to
   * serve the points from keyframes alone (up to KEYFRAME_SNAP_MAX_S away, many times faster).
   */
  exactTimes?: boolean;
}

export interface SampleFramesOptions extends FrameSamplingSpec {
  ffmpegPath: string;
  ffprobePath: string;
  /** The recording's duration and frame rate: the import's stored probe is enough. */
  probe: Pick<RecordingProbe, 'durationS' | 'fps'>;
  /** The keyframes, when known from an earlier sampling of the same file (saves listing them). */
  keyframes?: KeyframeIndex;
  signal?: AbortSignal;
  /** Concurrent ffmpeg processes; default one per core. */
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
  return Math.max(1, availableParallelism());
}

/**
 * Lists keyframe times of the whole file by demuxing only (packet flags; nothing is decoded): 0.3 s
 * for ten minutes of 1080p. The whole file, so the list can serve every later sampling of it.
 */
async function listKeyframes(
  input: string,
  opts: { ffprobePath: string; signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
): Promise<KeyframeIndex> {
  const abs = resolve(input);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const { stdout } = await runMediaProcess(
    opts.ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      'V:0',
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

/** Points a keyframe pass missed that are each decoded by a seek of their own, at most. */
const MAX_SEEKS = 8;

/** Keyframe listing costs a process and a demux of the file; a span this short is decoded in one pass instead. */
const STRAIGHT_MAX_S = 30;

/**
 * Samples `count` frames spread evenly over the recording (or [fromS, toS]). When keyframes are
 * dense enough that every grid point has one of its own within KEYFRAME_SNAP_MAX_S (and half the
 * spacing), only those keyframes are decoded; otherwise each frame is within FRAME_TOLERANCE_S of
 * its grid point, decoding only the stretches from each point's keyframe, with frames nothing
 * refers to skipped, in parallel (a short span in one pass). `exactTimes` always takes the second
 * way. A point the fast way cannot serve within its tolerance (a stream with long runs of
 * unreferenced frames, a low frame rate) is decoded again frame by frame. Every frame carries the
 * time it really has.
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
    const grid = gridTargets(count, fromS, toS);
    const parallelism = options.parallelism ?? defaultParallelism();
    let index = options.keyframes;
    // Keyframes alone when every point has one of its own nearby; otherwise exact. Without a list,
    // a keyframe pass goes first (it costs less than listing) where points are far enough apart for
    // each to have a keyframe of its own in footage with one every second or two; closer points
    // would mostly waste it.
    const spacingS = (toS - fromS) / count;
    const keyframePlan = options.exactTimes
      ? null
      : index
        ? planKeyframes(grid, index, { fromS, toS }, { parallelism })
        : spacingS >= 2 * KEYFRAME_SNAP_MAX_S
          ? planUnlistedKeyframes(grid, { fromS, toS }, { parallelism })
          : null;
    const decodeOpts = {
      ffmpegPath: options.ffmpegPath,
      longSide: options.longSide ?? DEFAULT_FRAME_LONG_SIDE,
      qscale: qualityToQscale(options.quality ?? DEFAULT_FRAME_QUALITY),
    };
    const run = async (p: FramePlan) => {
      // Ranges come as at most one job more than the workers (choosePlan), all run at once; a
      // plan of seeks (one job per point) runs a worker's worth at a time.
      const atOnce = p.jobs.length <= parallelism + 1 ? p.jobs.length : parallelism;
      const threads = Math.max(1, Math.floor(availableParallelism() / atOnce));
      const decoded = await runPool(
        p.jobs.map(
          (ranges) => (signal: AbortSignal) =>
            decodeRanges(abs, ranges, {
              ...decodeOpts,
              // Known once the keyframes are listed (the concat script's points are absolute times).
              startTimeS: index?.startTimeS ?? 0,
              threads,
              decode: p.decode,
              signal,
            }),
        ),
        atOnce,
        options.signal,
      );
      return assign(p, decoded);
    };

    const frames: (SampledFrame | undefined)[] = new Array(grid.length);
    // The nearest frame seen for each point, for a point no plan serves within its tolerance.
    const nearest: (SampledFrame | undefined)[] = new Array(grid.length);
    const offset = (f: SampledFrame) => Math.abs(f.timestampS - f.targetS);
    const servedBy = new Map<SamplingMethod, number>();
    /** Decodes the points still without a frame under a plan for them; keeps what lands within its tolerance (last: any). */
    const attempt = async (build: (targets: number[]) => FramePlan | null, last: boolean) => {
      const missing = grid.flatMap((_, i) => (frames[i] ? [] : [i]));
      if (missing.length === 0) return;
      const plan = build(missing.map((i) => grid[i]!));
      if (!plan) return;
      const got = await run(plan);
      missing.forEach((i, k) => {
        const f = got[k] && { ...got[k], index: i, targetS: grid[i]! };
        if (f && (!nearest[i] || offset(f) < offset(nearest[i]))) nearest[i] = f;
        const chosen = f && offset(f) <= plan.toleranceS + 1e-6 ? f : last ? nearest[i] : undefined;
        if (!chosen) return;
        frames[i] = chosen;
        servedBy.set(plan.method, (servedBy.get(plan.method) ?? 0) + 1);
      });
    };
    await attempt(() => keyframePlan, false);
    const unserved = grid.filter((_, i) => !frames[i]).length;
    if (unserved > 0 && unserved <= Math.min(MAX_SEEKS, Math.floor(grid.length / 10))) {
      // A few points whose keyframes stand just over the radius apart around them (an encoder's
      // keyframe every 2.04–2.08 s) are decoded exactly, each from its own keyframe.
      await attempt((targets) => planSeeks(targets, { fromS, toS }, { fps: probe.fps }), false);
    } else if (unserved > 0) {
      // Otherwise keyframes serve no point: the frames are all keyframes near their points (a few
      // closer) or all within 0.1 s.
      frames.fill(undefined);
      nearest.fill(undefined);
      servedBy.clear();
    }
    if (!index && toS - fromS > STRAIGHT_MAX_S && grid.some((_, i) => !frames[i])) {
      index = await listKeyframes(abs, {
        ffprobePath: options.ffprobePath,
        signal: options.signal,
        timeoutMs: options.keyframeTimeoutMs,
      });
    }
    // Reference frames only, each within 0.1 s of its point.
    await attempt((targets) => choosePlan(targets, { fromS, toS }, index, probe.fps, parallelism, true), false);
    // Every frame in one pass over the span, for the points still missed (long runs of unreferenced
    // frames, a low frame rate, or an intra-refresh stream whose flagged keyframes show nothing
    // until a refresh cycle has passed); the nearest frame there is the best there is.
    await attempt(
      (targets) =>
        planStraight(targets, { fromS, toS: index?.lastFrameS ?? toS }, { fps: probe.fps, referencesOnly: false }),
      true,
    );
    return {
      frames: frames.map((f, i) => {
        if (!f)
          throw new MediaProcessError('ffmpeg', abs, 0, `no frame could be decoded near ${grid[i]!.toFixed(2)} s`);
        return { ...f, targetS: grid[i]! };
      }),
      // The way most frames were taken.
      method: [...servedBy].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'straight',
      ...(index ? { keyframes: index } : {}),
    };
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError(abs);
    throw error;
  }
}

/** The ranges from each point's keyframe, unless one pass over the span decodes about as much. */
function choosePlan(
  targets: number[],
  span: { fromS: number; toS: number },
  index: KeyframeIndex | undefined,
  fps: number | null,
  parallelism: number,
  referencesOnly: boolean,
): FramePlan {
  const straight = planStraight(
    targets,
    { fromS: span.fromS, toS: index?.lastFrameS ?? span.toS },
    {
      fps,
      referencesOnly,
    },
  );
  if (!index) return straight;
  // One job more than workers: keyframe intervals are the unit of work, and with few of them (nine
  // in three minutes with 20 s keyframes) one job per core leaves a core idle while the longer job ends.
  const ranges = planRanges(targets, index, {
    fps,
    parallelism: parallelism > 1 ? parallelism + 1 : 1,
    referencesOnly,
  });
  // Jobs on cores of their own beat one pass even when they decode as much: one ffmpeg gains
  // little from a second thread once it skips the unreferenced frames (4.5 s with one thread,
  // 4.0–4.9 s with two, for three minutes of 720p with 20 s keyframes).
  const worthIt = ranges.jobs.length > 1 ? 1 : 0.8;
  return decodedSeconds(ranges) <= worthIt * decodedSeconds(straight) ? ranges : straight;
}

/** Each grid point gets the first decoded frame at or after its pick's threshold. */
function assign(plan: FramePlan, decoded: DecodedFrame[][]): (SampledFrame | undefined)[] {
  const frames: (SampledFrame | undefined)[] = new Array(plan.targetsS.length);
  plan.jobs.forEach((ranges, j) => {
    const out = decoded[j]!;
    for (const pick of ranges.flatMap((r) => r.picks)) {
      const frame = out.find((f) => f.timeS >= pick.thresholdS - 1e-3);
      if (!frame) continue;
      for (const i of pick.targetIndexes)
        frames[i] = { index: i, targetS: plan.targetsS[i]!, timestampS: Math.max(0, frame.timeS), jpeg: frame.jpeg };
    }
  });
  return frames;
}
