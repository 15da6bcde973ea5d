import { describe, expect, it } from 'vitest';
import {
  decodedSeconds,
  FRAME_TOLERANCE_S,
  gridTargets,
  planRanges,
  planStraight,
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
