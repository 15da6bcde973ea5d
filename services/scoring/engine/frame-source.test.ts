import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makeTestRecording, testMediaBinaries } from '../../../tests/support/test-media';
import { distinctFrames, mediaFrameSource } from './frame-source';
import { tempDir } from '../../../tests/support/scoring-fixtures';

describe('frames for scoring', () => {
  let video: string;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('osce-scoring-frames-');
    video = await makeTestRecording(dir, 'mp4-h264-aac', { durationS: 4 });
  });
  const recording = () => ({ id: 1, sha256: 'a'.repeat(64), storedPath: video, durationS: 4 });

  it('samples JPEG frames across a real recording and caches them by recording hash', async () => {
    const cacheDir = join(dir, 'cache');
    const source = mediaFrameSource({ cacheDir });
    const { frames } = await source.frames({
      recording: recording(),
      count: 4,
      longSide: 320,
      signal: new AbortController().signal,
    });
    expect(frames).toHaveLength(4);
    for (const f of frames) expect([...f.jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const times = frames.map((f) => f.timestampS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(0);
    expect(times.at(-1)).toBeLessThanOrEqual(4);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.frames'))).toHaveLength(1);
  });

  it('takes frames from a step span only', async () => {
    const source = mediaFrameSource({ cacheDir: join(dir, 'cache') });
    const { frames } = await source.frames({
      recording: recording(),
      count: 3,
      fromS: 1,
      toS: 2,
      longSide: 320,
      signal: new AbortController().signal,
    });
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      expect(f.timestampS).toBeGreaterThanOrEqual(0.9);
      expect(f.timestampS).toBeLessThanOrEqual(2.1);
    }
  });

  it('uses the stored probe and one ffmpeg process per recording or per clip, never ffprobe', async () => {
    // A wrapper that counts its runs: scoring a batch of 50 pays every process start 50 times.
    const log = join(dir, 'ffmpeg-runs.log');
    const wrapper = join(dir, 'counting-ffmpeg');
    writeFileSync(wrapper, `#!/bin/sh\necho run >> '${log}'\nexec '${testMediaBinaries().ffmpeg}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const source = mediaFrameSource({
      cacheDir: join(dir, 'cache-counted'),
      binaries: () => ({ ffmpeg: wrapper, ffprobe: '/nonexistent/ffprobe' }),
    });
    const clip = await makeTestRecording(dir, 'mp4-no-audio', { durationS: 20, fileName: 'twenty.mp4' });
    const twenty = { id: 2, sha256: 'b'.repeat(64), storedPath: clip, durationS: 20, fps: 25 };
    const signal = new AbortController().signal;
    const whole = await source.frames({ recording: twenty, count: 8, longSide: 320, signal });
    expect(whole.frames).toHaveLength(8);
    // The clip has a keyframe every second: each of the 8 points (2.5 s apart) takes its own, within 1 s.
    expect(whole.method).toBe('keyframes');
    whole.frames.forEach((f, i) => expect(Math.abs(f.timestampS - (i + 0.5) * 2.5)).toBeLessThanOrEqual(1));
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    for (const [fromS, toS] of [
      [1, 4],
      [6, 9],
    ] as const) {
      const clipFrames = await source.frames({ recording: twenty, count: 4, fromS, toS, longSide: 320, signal });
      expect(clipFrames.frames).toHaveLength(4);
    }
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('drops repeated frames and orders by time', () => {
    const j = Buffer.from([0xff, 0xd8]);
    expect(
      distinctFrames([
        { timestampS: 2, jpeg: j },
        { timestampS: 1, jpeg: j },
        { timestampS: 2, jpeg: j },
      ]).map((f) => f.timestampS),
    ).toEqual([1, 2]);
  });
});
