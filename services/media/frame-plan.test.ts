import { describe, expect, it } from 'vitest';
import {
  decodedSeconds,
  FRAME_TOLERANCE_S,
  gridTargets,
  KEYFRAME_SNAP_MAX_S,
  planKeyframes,
  planRanges,
  planSeeks,
  planStraight,
  planUnlistedKeyframes,
  RANGE_TAIL_S,
  type KeyframeIndex,
} from './frame-plan';

function index(durationS: number, gopS: number): KeyframeIndex {
  const keyframesS = Array.from({ length: Math.ceil(durationS / gopS) }, (_, i) => i * gopS);
  return { keyframesS, lastFrameS: durationS - 0.04, startTimeS: 0 };
}

const picks = (plan: ReturnType<typeof planRanges>) => plan.jobs.flat().flatMap((r) => r.picks);

describe('gridTargets', () => {
  it('uses the centres of equal segments', () => {
    expect(gridTargets(4, 0, 8)).toEqual([1, 3, 5, 7]);
    expect(gridTargets(2, 10, 14)).toEqual([11, 13]);
  });
});

describe('planRanges', () => {
  it('decodes each grid point from its own keyframe, never the whole interval after it', () => {
    // 64 points over 10 minutes with keyframes every 20 s: about two points per interval.
    const targets = gridTargets(64, 0, 600);
    const plan = planRanges(targets, index(600, 20), { fps: 25, parallelism: 2, referencesOnly: true });
    expect(plan.method).toBe('ranges');
    expect(plan.jobs).toHaveLength(2);
    for (const range of plan.jobs.flat()) {
      expect(range.startS % 20).toBe(0); // starts on a keyframe
      const last = range.picks.at(-1)!;
      expect(range.endS).toBeLessThanOrEqual(last.thresholdS + FRAME_TOLERANCE_S + RANGE_TAIL_S);
    }
    // Only what precedes the points is decoded: about three quarters of the file here.
    expect(decodedSeconds(plan) / 600).toBeGreaterThan(0.7);
    expect(decodedSeconds(plan) / 600).toBeLessThan(0.82);
    expect(picks(plan).flatMap((p) => p.targetIndexes)).toEqual(targets.map((_, i) => i));
  });

  it('with dense keyframes decodes about a second per point, spread over all workers', () => {
    const plan = planRanges(gridTargets(64, 0, 600), index(600, 2), { fps: 25, parallelism: 3, referencesOnly: true });
    expect(plan.jobs).toHaveLength(3);
    expect(decodedSeconds(plan)).toBeLessThan(64 * 2.5);
    const sizes = plan.jobs.map((j) => j.reduce((s, r) => s + r.endS - r.startS, 0));
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(1.5);
  });

  it('cuts sparse keyframe intervals into jobs of equal decoding even when a point sits at the end of one', () => {
    // 180 s with keyframes every 20 s: each interval's last point is within 0.5 s of the next
    // keyframe, where one range could run on into the next; nine intervals make three jobs of three.
    const plan = planRanges(
      gridTargets(64, 0, 180),
      { keyframesS: [0, 20, 40, 60, 80, 100, 120, 140, 160], lastFrameS: 179.96, startTimeS: 0 },
      {
        fps: 25,
        parallelism: 3,
        referencesOnly: true,
      },
    );
    const sizes = plan.jobs.map((j) => j.reduce((s, r) => s + r.endS - r.startS, 0));
    expect(sizes).toHaveLength(3);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(1.1);
    expect(picks(plan).flatMap((p) => p.targetIndexes)).toEqual(gridTargets(64, 0, 180).map((_, i) => i));
  });

  it('takes a keyframe just after a point instead of decoding the interval before it', () => {
    const plan = planRanges([19.95], index(60, 20), { fps: 25, parallelism: 1, referencesOnly: true });
    expect(plan.jobs[0]![0]!.startS).toBe(20);
    expect(plan.jobs[0]![0]!.picks[0]!.thresholdS).toBe(20);
  });

  it('puts the threshold half the tolerance early on reference frames, half a frame early on every frame', () => {
    const refs = planRanges([10], index(60, 20), { fps: 25, parallelism: 1, referencesOnly: true });
    const all = planRanges([10], index(60, 20), { fps: 25, parallelism: 1, referencesOnly: false });
    expect(picks(refs)[0]!.thresholdS).toBeCloseTo(10 - FRAME_TOLERANCE_S / 2, 9);
    expect(picks(all)[0]!.thresholdS).toBeCloseTo(10 - 0.02, 9);
  });

  it('shares one frame between grid points closer than a frame apart', () => {
    const plan = planRanges([1.0, 1.01, 1.5], index(10, 2), { fps: 25, parallelism: 1, referencesOnly: false });
    expect(picks(plan).map((p) => p.targetIndexes)).toEqual([[0, 1], [2]]);
  });

  it('clamps grid points past the last frame', () => {
    const plan = planRanges(
      [9.99],
      { keyframesS: [0], lastFrameS: 9.5, startTimeS: 0 },
      {
        fps: 25,
        parallelism: 1,
        referencesOnly: true,
      },
    );
    expect(plan.targetsS).toEqual([9.5]);
  });
});

describe('planStraight', () => {
  it('is one pass from the span start to just past the last point', () => {
    const plan = planStraight(gridTargets(8, 0, 20), { fromS: 0, toS: 20 }, { fps: 25, referencesOnly: true });
    expect(plan.method).toBe('straight');
    expect(plan.jobs).toHaveLength(1);
    expect(plan.jobs[0]).toHaveLength(1);
    expect(plan.jobs[0]![0]!.startS).toBe(0);
    expect(plan.jobs[0]![0]!.endS).toBeCloseTo(18.75 + RANGE_TAIL_S, 9);
    expect(plan.jobs[0]![0]!.picks).toHaveLength(8);
  });
});

describe('planKeyframes', () => {
  it('with a keyframe every 2 s gives each of 64 points over 3 minutes its own keyframe, within 1 s, split over the workers', () => {
    const targets = gridTargets(64, 0, 180);
    const plan = planKeyframes(targets, index(180, 2), { fromS: 0, toS: 180 }, { parallelism: 2 })!;
    expect(plan.method).toBe('keyframes');
    expect(plan.decode).toBe('keyframes');
    expect(plan.toleranceS).toBeCloseTo(KEYFRAME_SNAP_MAX_S, 2);
    expect(plan.jobs).toHaveLength(2);
    const chosen = plan.jobs.flat().flatMap((r) => r.picks.map((p) => p.thresholdS));
    expect(chosen).toHaveLength(64);
    chosen.forEach((k, i) => {
      expect(k % 2).toBe(0);
      expect(Math.abs(k - targets[i]!)).toBeLessThanOrEqual(1);
      if (i) expect(k).toBeGreaterThan(chosen[i - 1]!);
    });
  });

  it('declines when a point has no keyframe of its own nearby (20 s keyframes, or points closer than the keyframes)', () => {
    expect(
      planKeyframes(gridTargets(64, 0, 180), index(180, 20), { fromS: 0, toS: 180 }, { parallelism: 2 }),
    ).toBeNull();
    expect(planKeyframes(gridTargets(40, 0, 60), index(60, 2), { fromS: 0, toS: 60 }, { parallelism: 2 })).toBeNull();
  });

  it('keeps within half the grid spacing and inside the span asked for', () => {
    // 4 points over 8 s: spacing 2 s, so a keyframe may be at most 1 s away; none before 10 s is used.
    const keys = { keyframesS: [0, 9.9, 11.2, 13, 15.1, 17], lastFrameS: 19.96, startTimeS: 0 };
    const plan = planKeyframes(gridTargets(4, 10, 18), keys, { fromS: 10, toS: 18 }, { parallelism: 1 })!;
    expect(plan.jobs.flat().flatMap((r) => r.picks.map((p) => p.thresholdS))).toEqual([11.2, 13, 15.1, 17]);
    expect(plan.toleranceS).toBeCloseTo(1, 2);
    const tight = planKeyframes(gridTargets(8, 10, 18), keys, { fromS: 10, toS: 18 }, { parallelism: 1 });
    expect(tight).toBeNull(); // spacing 1 s: radius 0.5 s, and 10.5 s has no keyframe that close
  });
});

describe('planUnlistedKeyframes and planSeeks', () => {
  it('cuts a keyframe pass into one job per worker, each point taking the first keyframe from its radius before it', () => {
    const targets = gridTargets(64, 0, 180);
    const plan = planUnlistedKeyframes(targets, { fromS: 0, toS: 180 }, { parallelism: 2 });
    expect(plan.decode).toBe('keyframes');
    expect(plan.jobs).toHaveLength(2);
    const picks = plan.jobs.flat().flatMap((r) => r.picks);
    expect(picks.map((p) => p.targetIndexes[0])).toEqual(targets.map((_, i) => i));
    picks.forEach((p, i) => expect(p.thresholdS).toBeCloseTo(Math.max(0, targets[i]! - plan.toleranceS), 9));
    for (const [range] of plan.jobs) expect(range!.startS).toBe(range!.picks[0]!.thresholdS);
  });

  it('gives each point a seek of its own, reference frames within 0.1 s', () => {
    const plan = planSeeks([7.03, 172.97], { fromS: 0, toS: 180 }, { fps: 25 });
    expect(plan.jobs).toHaveLength(2);
    expect(plan.decode).toBe('references');
    expect(plan.toleranceS).toBe(FRAME_TOLERANCE_S);
    expect(plan.jobs[0]![0]).toMatchObject({ startS: 7.03 - FRAME_TOLERANCE_S / 2, endS: 7.03 + RANGE_TAIL_S });
  });
});
