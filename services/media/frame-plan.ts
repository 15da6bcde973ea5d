/**
 * Pure planning for frame sampling: where the grid points are, whether decoding keyframes only
 * is close enough, and how to cut the work into ffmpeg jobs. Kept free of I/O so the cost
 * decisions can be unit-tested.
 */

export type SamplingMethod = 'keyframes' | 'accurate';

export interface KeyframeIndex {
  /** Keyframe times in seconds from the recording start (player time), ascending, unique. */
  keyframesS: number[];
  /** Presentation time of the last video frame. */
  lastFrameS: number;
  /** Container start_time; ffmpeg's -ss and our relative times are offsets from it. */
  startTimeS: number;
}

export interface FrameJob {
  keyframesOnly: boolean;
  /** Relative time of the keyframe the job seeks to. */
  seekS: number;
  /** Select the first decoded frame at or after each threshold (relative seconds, ascending). */
  thresholdsS: number[];
  /** For each threshold, the grid indexes it serves (usually one). */
  targetIndexes: number[][];
}

export interface FramePlan {
  method: SamplingMethod;
  targetsS: number[];
  jobs: FrameJob[];
}

/** Never accept a keyframe further than this from its grid point, however sparse the grid. */
const MAX_KEYFRAME_DRIFT_S = 1.5;
/** Rough cost of starting a new ffmpeg and seeking, in keyframe decodes (measured: ~90 ms vs ~6 ms). */
const KEYFRAMES_PER_SEEK = 12;
/** Same, in ordinary decoded frames of a 720p H.264 stream (~1.5 ms each). */
const FRAMES_PER_SEEK = 50;

/** Centres of `count` equal segments of [fromS, toS]. */
export function gridTargets(count: number, fromS: number, toS: number): number[] {
  const step = (toS - fromS) / count;
  return Array.from({ length: count }, (_, i) => fromS + (i + 0.5) * step);
}

/** Index of the last element ≤ t, or -1. */
function lastAtOrBefore(sorted: number[], t: number): number {
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

export function nearestKeyframeIndex(keyframesS: number[], t: number): number {
  const before = lastAtOrBefore(keyframesS, t);
  const after = before + 1;
  if (before < 0) return keyframesS.length ? 0 : -1;
  if (after >= keyframesS.length) return before;
  return t - keyframesS[before]! <= keyframesS[after]! - t ? before : after;
}

interface Item {
  threshold: number;
  seekKeyIdx: number;
  targets: number[];
}

/**
 * Keyframes are used only when every grid point has its own keyframe within half the grid
 * spacing (and within MAX_KEYFRAME_DRIFT_S): i.e. keyframes are at least as dense as the grid.
 */
function keyframeItems(targets: number[], keyframesS: number[], spacingS: number): Item[] | undefined {
  const tolerance = Math.min(spacingS / 2, MAX_KEYFRAME_DRIFT_S);
  const items: Item[] = [];
  for (const [i, t] of targets.entries()) {
    const k = nearestKeyframeIndex(keyframesS, t);
    if (k < 0 || Math.abs(keyframesS[k]! - t) > tolerance) return undefined;
    if (items.length && items[items.length - 1]!.seekKeyIdx >= k) return undefined;
    // Only keyframes reach the filter, so a threshold just below the keyframe selects exactly it.
    items.push({ threshold: keyframesS[k]! - 0.001, seekKeyIdx: k, targets: [i] });
  }
  return items;
}

function accurateItems(targets: number[], keyframesS: number[], fps: number): Item[] {
  const frameS = fps > 0 ? 1 / fps : 0.04;
  const items: Item[] = [];
  for (const [i, t] of targets.entries()) {
    // Half a frame early, so "first frame at or after" is the frame nearest the grid point.
    const threshold = Math.max(0, t - frameS / 2);
    const last = items[items.length - 1];
    if (last && threshold - last.threshold < frameS) {
      last.targets.push(i);
      continue;
    }
    items.push({ threshold, seekKeyIdx: lastAtOrBefore(keyframesS, threshold), targets: [i] });
  }
  return items;
}

function keyS(index: KeyframeIndex, idx: number): number {
  return idx >= 0 ? index.keyframesS[idx]! : 0;
}

function jobCost(job: FrameJob, index: KeyframeIndex, fps: number): number {
  const end = job.thresholdsS[job.thresholdsS.length - 1]!;
  if (job.keyframesOnly) {
    return (
      lastAtOrBefore(index.keyframesS, end + 0.002) -
      lastAtOrBefore(index.keyframesS, job.seekS + 0.0005) +
      KEYFRAMES_PER_SEEK
    );
  }
  return (end - job.seekS) * (fps || 25) + FRAMES_PER_SEEK;
}

function toJob(items: Item[], keyframesOnly: boolean, index: KeyframeIndex): FrameJob {
  return {
    keyframesOnly,
    seekS: keyS(index, items[0]!.seekKeyIdx),
    thresholdsS: items.map((it) => it.threshold),
    targetIndexes: items.map((it) => it.targets),
  };
}

export function planFrameSampling(
  rawTargets: number[],
  index: KeyframeIndex,
  opts: { fps: number; spacingS: number; parallelism: number },
): FramePlan {
  const targetsS = rawTargets.map((t) => Math.min(Math.max(0, t), Math.max(0, index.lastFrameS)));
  const keyItems = keyframeItems(targetsS, index.keyframesS, opts.spacingS);
  const method: SamplingMethod = keyItems ? 'keyframes' : 'accurate';
  const items = keyItems ?? accurateItems(targetsS, index.keyframesS, opts.fps);

  // Decode straight on while that is cheaper than starting a new process with a seek.
  const groups: Item[][] = [];
  for (const item of items) {
    const group = groups[groups.length - 1];
    const prev = group?.[group.length - 1];
    let seek = !prev;
    if (prev && keyItems) seek = item.seekKeyIdx - prev.seekKeyIdx - 1 > KEYFRAMES_PER_SEEK;
    if (prev && !keyItems) {
      const skippableS = keyS(index, item.seekKeyIdx) - prev.threshold;
      seek = skippableS * (opts.fps || 25) > FRAMES_PER_SEEK;
    }
    if (seek) groups.push([item]);
    else group!.push(item);
  }

  // Split the costliest jobs until every worker has one; only where a later seek point exists.
  for (;;) {
    if (groups.length >= opts.parallelism) break;
    const ranked = groups
      .map((g, gi) => ({ gi, cost: jobCost(toJob(g, !!keyItems, index), index, opts.fps) }))
      .sort((a, b) => b.cost - a.cost);
    let didSplit = false;
    for (const { gi } of ranked) {
      const g = groups[gi]!;
      const mid = Math.floor(g.length / 2);
      const cuts = [...g.keys()].filter((c) => c > 0 && g[c]!.seekKeyIdx > g[0]!.seekKeyIdx);
      if (!cuts.length) continue;
      const cut = cuts.reduce((best, c) => (Math.abs(c - mid) < Math.abs(best - mid) ? c : best));
      groups.splice(gi, 1, g.slice(0, cut), g.slice(cut));
      didSplit = true;
      break;
    }
    if (!didSplit) break;
  }

  return { method, targetsS, jobs: groups.map((g) => toJob(g, !!keyItems, index)) };
}
