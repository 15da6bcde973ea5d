import { describe, expect, it } from 'vitest';
import { gridTargets, nearestKeyframeIndex, planFrameSampling, type KeyframeIndex } from './frame-plan';

function index(durationS: number, gopS: number): KeyframeIndex {
  const keyframesS = Array.from({ length: Math.ceil(durationS / gopS) }, (_, i) => i * gopS);
  return { keyframesS, lastFrameS: durationS - 0.04, startTimeS: 0 };
}

describe('gridTargets', () => {
  it('uses the centres of equal segments', () => {
    expect(gridTargets(4, 0, 8)).toEqual([1, 3, 5, 7]);
    expect(gridTargets(2, 10, 14)).toEqual([11, 13]);
  });
});

describe('nearestKeyframeIndex', () => {
  it('finds the closest keyframe on either side', () => {
    expect(nearestKeyframeIndex([0, 2, 4], 2.9)).toBe(1);
    expect(nearestKeyframeIndex([0, 2, 4], 3.1)).toBe(2);
    expect(nearestKeyframeIndex([0, 2, 4], 99)).toBe(2);
    expect(nearestKeyframeIndex([], 1)).toBe(-1);
  });
});

describe('planFrameSampling', () => {
  it('decodes keyframes only when they are at least as dense as the grid', () => {
    const targets = gridTargets(64, 0, 180);
    const plan = planFrameSampling(targets, index(180, 2), { fps: 25, spacingS: 180 / 64, parallelism: 2 });
    expect(plan.method).toBe('keyframes');
    expect(plan.jobs).toHaveLength(2);
    expect(plan.jobs.every((j) => j.keyframesOnly)).toBe(true);
    const thresholds = plan.jobs.flatMap((j) => j.thresholdsS);
    expect(thresholds).toHaveLength(64);
    thresholds.forEach((th, i) => expect(Math.abs(th - targets[i]!)).toBeLessThanOrEqual(1.5));
  });

  it('seeks accurately when keyframes are sparser than the grid', () => {
    const plan = planFrameSampling(gridTargets(64, 0, 180), index(180, 20), {
      fps: 25,
      spacingS: 180 / 64,
      parallelism: 3,
    });
    expect(plan.method).toBe('accurate');
    // One job per 20 s GOP at most: never decode a GOP twice, never start before its keyframe.
    for (const job of plan.jobs) {
      expect(job.keyframesOnly).toBe(false);
      expect(job.seekS % 20).toBe(0);
      expect(job.seekS).toBeLessThanOrEqual(job.thresholdsS[0]!);
    }
    expect(plan.jobs.length).toBeGreaterThanOrEqual(3);
    expect(plan.jobs.length).toBeLessThanOrEqual(9);
  });

  it('does not trust a keyframe more than 1.5 s away, even for a sparse grid', () => {
    const plan = planFrameSampling([2, 10, 18], index(24, 4), { fps: 25, spacingS: 8, parallelism: 2 });
    expect(plan.method).toBe('accurate');
  });

  it('starts a new job (seek) rather than decoding long stretches between far-apart points', () => {
    const plan = planFrameSampling([5, 3000], index(3600, 2), { fps: 25, spacingS: 1.0, parallelism: 1 });
    expect(plan.jobs).toHaveLength(2);
    expect(plan.jobs[1]!.seekS).toBeGreaterThan(2990);
  });

  it('shares one frame between grid points closer than a frame apart', () => {
    const plan = planFrameSampling([1.0, 1.01, 1.5], index(10, 2), { fps: 25, spacingS: 0.01, parallelism: 1 });
    expect(plan.jobs[0]!.targetIndexes).toEqual([[0, 1], [2]]);
  });

  it('clamps grid points past the last frame', () => {
    const plan = planFrameSampling(
      [9.99],
      { keyframesS: [0], lastFrameS: 9.5, startTimeS: 0 },
      { fps: 25, spacingS: 10, parallelism: 1 },
    );
    expect(plan.targetsS).toEqual([9.5]);
  });
});
