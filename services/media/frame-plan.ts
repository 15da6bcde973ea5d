/**
 * Pure planning for frame sampling: where the grid points are and which stretches of the
 * recording must be decoded to get a frame within FRAME_TOLERANCE_S of each, cut into jobs that
 * run in parallel. Kept free of I/O so the cost decisions can be unit-tested.
 *
 * A frame can only be decoded from the keyframe before it, so each grid point needs the stretch
 * from its keyframe to itself; points in the same keyframe interval share one stretch. Stretches
 * are decoded with non-reference frames skipped (nothing depends on them), and the frame chosen
 * for a point is the first decoded one at or after a threshold just before it.
 */

/**
 * 'straight': one pass over the whole span (a short span, or keyframes not known);
 * 'ranges': only the stretches from each grid point's keyframe, in parallel;
 * 'keyframes': keyframes are dense enough that each grid point has one of its own nearby, and only
 * keyframes are decoded (see planKeyframes).
 * ('accurate' is what an earlier version called its method; cached frames may carry it.)
 */
export type SamplingMethod = 'straight' | 'ranges' | 'keyframes' | 'accurate';

/** Which frames a job decodes: every one, only those others refer to, or only keyframes. */
export type FrameDecode = 'all' | 'references' | 'keyframes';

/** How far a sampled frame may be from its grid point (outside keyframe sampling). */
export const FRAME_TOLERANCE_S = 0.1;

/**
 * Keyframe sampling takes a grid point's nearest keyframe when it is at most this far away (and at
 * most half the grid spacing, so the frames stay in order and evenly spread). A keyframe decodes on
 * its own; a frame 0.1 s from the point needs the whole stretch from the keyframe before it.
 */
export const KEYFRAME_SNAP_MAX_S = 1;

export interface KeyframeIndex {
  /** Keyframe times in seconds from the recording start (player time), ascending, unique. */
  keyframesS: number[];
  /** Presentation time of the last video frame. */
  lastFrameS: number;
  /** Container start_time; ffmpeg's -ss and our relative times are offsets from it. */
  startTimeS: number;
}

export interface FramePick {
  /** Select the first decoded frame at or after this time (relative seconds). */
  thresholdS: number;
  /** The grid indexes it serves (usually one). */
  targetIndexes: number[];
}

/** One stretch decoded from its keyframe: [startS, endS], relative seconds. */
export interface DecodeRange {
  startS: number;
  endS: number;
  picks: FramePick[];
}

export interface FramePlan {
  method: SamplingMethod;
  decode: FrameDecode;
  /** How far each frame may land from its grid point under this plan. */
  toleranceS: number;
  targetsS: number[];
  /** Each job is decoded by one ffmpeg process, its ranges in order; jobs run in parallel. */
  jobs: DecodeRange[][];
}

/** Start a new range (a seek) rather than decode on when the gap to the next keyframe is longer. */
const MERGE_GAP_S = 0.5;
/** What opening a range costs, in seconds of decoding (a seek, a keyframe, the demuxer's index). */
const RANGE_OVERHEAD_S = 0.5;
/**
 * Read past the last pick's threshold this far: its frame is at most the tolerance after it, and a
 * frame's packet comes no later than its presentation. What a B-frame decoder still holds is let out
 * at the next range's keyframe or the end of the input, so nothing more needs decoding.
 */
export const RANGE_TAIL_S = FRAME_TOLERANCE_S + 0.04;

/** Centres of `count` equal segments of [fromS, toS]. */
export function gridTargets(count: number, fromS: number, toS: number): number[] {
  const step = (toS - fromS) / count;
  return Array.from({ length: count }, (_, i) => fromS + (i + 0.5) * step);
}

/** Index of the last element ≤ t, or -1. */
function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The threshold for grid point t: a little before it, so the first decoded frame at or after it is
 * near t whether every frame is decoded (half a frame early: the nearest one) or only the
 * reference frames (half the tolerance early: references come every 2-4 frames).
 */
export function pickThreshold(t: number, fps: number | null, referencesOnly: boolean): number {
  const frameS = fps && fps > 0 ? 1 / fps : 0.04;
  return t - (referencesOnly ? FRAME_TOLERANCE_S / 2 : frameS / 2);
}

/** Grid points closer than a frame apart share one pick. */
function picksOf(targets: readonly number[], fps: number | null, referencesOnly: boolean): FramePick[] {
  const frameS = fps && fps > 0 ? 1 / fps : 0.04;
  const picks: FramePick[] = [];
  targets.forEach((t, i) => {
    const thresholdS = Math.max(0, pickThreshold(t, fps, referencesOnly));
    const last = picks[picks.length - 1];
    if (last && thresholdS - last.thresholdS < frameS) last.targetIndexes.push(i);
    else picks.push({ thresholdS, targetIndexes: [i] });
  });
  return picks;
}

const clampTargets = (raw: readonly number[], lastFrameS: number) =>
  raw.map((t) => Math.min(Math.max(0, t), Math.max(0, lastFrameS)));

/** The whole span in one pass: for short spans, where knowing the keyframes would cost more than it saves. */
export function planStraight(
  rawTargets: readonly number[],
  span: { fromS: number; toS: number },
  opts: { fps: number | null; referencesOnly: boolean },
): FramePlan {
  const targetsS = clampTargets(rawTargets, span.toS);
  const picks = picksOf(targetsS, opts.fps, opts.referencesOnly);
  const endS = targetsS[targetsS.length - 1]! + RANGE_TAIL_S;
  return {
    method: 'straight',
    decode: opts.referencesOnly ? 'references' : 'all',
    toleranceS: FRAME_TOLERANCE_S,
    targetsS,
    jobs: [[{ startS: span.fromS, endS, picks }]],
  };
}

/**
 * Ranges from each grid point's keyframe, cut into at most `parallelism` jobs of about equal
 * decoding, each a run of consecutive ranges (one process reads them in order).
 */
export function planRanges(
  rawTargets: readonly number[],
  index: KeyframeIndex,
  opts: { fps: number | null; parallelism: number; referencesOnly: boolean },
): FramePlan {
  const targetsS = clampTargets(rawTargets, index.lastFrameS);
  const keys = index.keyframesS.length ? index.keyframesS : [0];
  const picks = picksOf(targetsS, opts.fps, opts.referencesOnly);
  const ranges: DecodeRange[] = [];
  for (const pick of picks) {
    const t = targetsS[pick.targetIndexes[0]!]!;
    let k = lastAtOrBefore(keys, pick.thresholdS);
    // A keyframe within the tolerance after the threshold is the frame itself: one decode, not a whole interval.
    const next = keys[k + 1];
    let thresholdS = pick.thresholdS;
    if (next !== undefined && next - t <= FRAME_TOLERANCE_S && (k < 0 || keys[k]! < t - FRAME_TOLERANCE_S)) {
      k += 1;
      thresholdS = next;
    }
    const startS = keys[Math.max(0, k)]!;
    thresholdS = Math.max(thresholdS, startS);
    const endS = Math.max(thresholdS, t) + RANGE_TAIL_S;
    // Points of one keyframe interval share its range; ranges from different keyframes stay apart
    // until the jobs are cut, so a point at the end of one interval does not tie it to the next.
    const last = ranges[ranges.length - 1];
    if (last && startS === last.startS) appendPick(last, endS, { thresholdS, targetIndexes: pick.targetIndexes });
    else ranges.push({ startS, endS, picks: [{ thresholdS, targetIndexes: pick.targetIndexes }] });
  }
  return {
    method: 'ranges',
    decode: opts.referencesOnly ? 'references' : 'all',
    toleranceS: FRAME_TOLERANCE_S,
    targetsS,
    jobs: splitJobs(ranges, opts.parallelism).map(mergeClose),
  };
}

function appendPick(range: DecodeRange, endS: number, pick: FramePick): void {
  range.endS = Math.max(range.endS, endS);
  range.picks.push({
    thresholdS: Math.max(pick.thresholdS, range.picks.at(-1)!.thresholdS),
    targetIndexes: pick.targetIndexes,
  });
}

/** Within one job, a range that starts where (or just after) the one before ends is decoded on into. */
function mergeClose(job: DecodeRange[]): DecodeRange[] {
  const out: DecodeRange[] = [];
  for (const range of job) {
    const last = out[out.length - 1];
    if (last && range.startS - last.endS <= MERGE_GAP_S) {
      for (const pick of range.picks) appendPick(last, range.endS, pick);
    } else out.push({ ...range, picks: [...range.picks] });
  }
  return out;
}

/** [from, to) of `parts` contiguous runs of about equal length over `length` items (at least one, none empty). */
function evenRuns(length: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, length));
  return Array.from({ length: n }, (_, j) => [Math.floor((j * length) / n), Math.floor(((j + 1) * length) / n)]);
}

/** Half the grid spacing (a hair less, so neighbouring points never share a keyframe), at most KEYFRAME_SNAP_MAX_S. */
const snapRadius = (span: { fromS: number; toS: number }, count: number) =>
  Math.min(KEYFRAME_SNAP_MAX_S, (span.toS - span.fromS) / count / 2 - 1e-3);

/**
 * Keyframe sampling without a keyframe list (listing them costs a process and a read of the
 * file): passes that decode only keyframes (the demuxer hands over nothing else), the span cut
 * into one per worker; each point takes the first keyframe from its radius before it, which is its
 * own when it lands within the radius after it. A point whose keyframe lands further (sparse
 * keyframes) is then decoded exactly: tens of milliseconds of keyframes wasted, against a
 * decode of every stretch saved when the recording has a keyframe every second or two, as phones
 * and lab cameras record.
 */
export function planUnlistedKeyframes(
  rawTargets: readonly number[],
  span: { fromS: number; toS: number },
  opts: { parallelism: number },
): FramePlan {
  const targetsS = clampTargets(rawTargets, span.toS);
  const radius = snapRadius(span, targetsS.length);
  const jobs = evenRuns(targetsS.length, opts.parallelism).map(([from, to]): DecodeRange[] => {
    const picks = targetsS
      .slice(from, to)
      .map((t, k) => ({ thresholdS: Math.max(span.fromS, t - radius), targetIndexes: [from + k] }));
    const endS = targetsS[to - 1]! + radius + RANGE_TAIL_S;
    return [{ startS: picks[0]!.thresholdS, endS, picks }];
  });
  return { method: 'keyframes', decode: 'keyframes', toleranceS: radius, targetsS, jobs };
}

/**
 * One job per point, each a seek to just before it: ffmpeg decodes from the keyframe before and
 * drops what precedes the seek, so no keyframe list is needed. For a few points only.
 */
export function planSeeks(
  rawTargets: readonly number[],
  span: { fromS: number; toS: number },
  opts: { fps: number | null },
): FramePlan {
  const targetsS = clampTargets(rawTargets, span.toS);
  const jobs = targetsS.map((t, i): DecodeRange[] => {
    const thresholdS = Math.max(span.fromS, pickThreshold(t, opts.fps, true));
    return [{ startS: thresholdS, endS: t + RANGE_TAIL_S, picks: [{ thresholdS, targetIndexes: [i] }] }];
  });
  return { method: 'ranges', decode: 'references', toleranceS: FRAME_TOLERANCE_S, targetsS, jobs };
}

/** The keyframe nearest t among sorted keys (the earlier one on a tie), or undefined. */
function nearestKey(keys: readonly number[], t: number): number | undefined {
  const i = lastAtOrBefore(keys, t);
  const before = keys[i];
  const after = keys[i + 1];
  if (before === undefined) return after;
  if (after === undefined) return before;
  return after - t < t - before ? after : before;
}

/**
 * Each grid point's nearest keyframe, when every point has one of its own within the snap radius
 * (KEYFRAME_SNAP_MAX_S, and half the grid spacing); otherwise null, and the points are decoded
 * exactly. Only keyframes are decoded, the span cut into one pass per worker. The frames keep
 * their real times, which is what the model is told.
 */
export function planKeyframes(
  rawTargets: readonly number[],
  index: KeyframeIndex,
  span: { fromS: number; toS: number },
  opts: { parallelism: number },
): FramePlan | null {
  const targetsS = clampTargets(rawTargets, index.lastFrameS);
  if (targetsS.length === 0) return null;
  const radius = snapRadius(span, targetsS.length);
  const keys = index.keyframesS.filter((k) => k >= span.fromS && k <= Math.min(span.toS, index.lastFrameS));
  const chosen: number[] = [];
  for (const t of targetsS) {
    const k = nearestKey(keys, t);
    if (k === undefined || Math.abs(k - t) > radius) return null;
    // Two points on one keyframe would send the same picture twice: decode them exactly instead.
    if (chosen.length && k <= chosen[chosen.length - 1]!) return null;
    chosen.push(k);
  }
  const jobs = evenRuns(chosen.length, opts.parallelism).map(([from, to]): DecodeRange[] => {
    const keysOfJob = chosen.slice(from, to);
    return [
      {
        startS: keysOfJob[0]!,
        endS: keysOfJob[keysOfJob.length - 1]! + RANGE_TAIL_S,
        picks: keysOfJob.map((k, i) => ({ thresholdS: k, targetIndexes: [from + i] })),
      },
    ];
  });
  return { method: 'keyframes', decode: 'keyframes', toleranceS: radius, targetsS, jobs };
}

/** Contiguous runs of ranges with about equal decoding each (decoded seconds plus a per-range cost). */
function splitJobs(ranges: DecodeRange[], parallelism: number): DecodeRange[][] {
  const n = Math.max(1, Math.min(parallelism, ranges.length));
  const cost = (r: DecodeRange) => r.endS - r.startS + RANGE_OVERHEAD_S;
  const total = ranges.reduce((sum, r) => sum + cost(r), 0);
  const jobs: DecodeRange[][] = [[]];
  let done = 0;
  for (const r of ranges) {
    const job = jobs[jobs.length - 1]!;
    // Move on when this job has its share and there are ranges left for the others.
    if (job.length && jobs.length < n && done + cost(r) / 2 > (total * jobs.length) / n) jobs.push([r]);
    else job.push(r);
    done += cost(r);
  }
  return jobs;
}

/** Seconds of video each plan decodes (for choosing between them and for tests). */
export const decodedSeconds = (plan: FramePlan): number =>
  plan.jobs.flat().reduce((sum, r) => sum + (r.endS - r.startS), 0);
