/**
 * Frame-sampling speed against a one-pass full decode. Slow (generates 3-minute 720p files), so
 * it runs only with OSCE_MEDIA_BENCH=1:  OSCE_MEDIA_BENCH=1 npx vitest run services/media/frames-timing
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFrames } from './sample-frames';
import { probeRecording } from './probe';
import { makeLongRecording, testMediaBinaries } from '../../tests/support/test-media';

const run = promisify(execFile);
const bins = testMediaBinaries();
let dir: string;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function fullDecodeMs(path: string): Promise<number> {
  const [, ms] = await timed(() =>
    run(
      bins.ffmpeg,
      [
        '-hide_banner',
        '-v',
        'error',
        '-i',
        path,
        '-vf',
        'fps=64/180,scale=768:-2',
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        'pipe:1',
      ],
      {
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
      },
    ),
  );
  return ms;
}

describe.skipIf(!process.env.OSCE_MEDIA_BENCH)('frame sampling timing (OSCE_MEDIA_BENCH=1)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'osce-frames-bench-'));
  }, 600_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([2, 20])(
    '180 s 1280x720, %i s keyframes, 64 frames',
    async (gopS) => {
      const path = await makeLongRecording(dir, {
        durationS: 180,
        width: 1280,
        height: 720,
        gopS,
        audio: true,
        preset: 'veryfast',
      });
      const probe = await probeRecording(path, { ffprobePath: bins.ffprobe });
      const full = await fullDecodeMs(path);
      const [result, sampled] = await timed(() =>
        sampleFrames(path, { ffmpegPath: bins.ffmpeg, ffprobePath: bins.ffprobe, probe, count: 64 }),
      );
      const worst = Math.max(...result.frames.map((f) => Math.abs(f.timestampS - f.targetS)));
      console.log(
        `gop ${gopS}s: ${result.method} ${sampled.toFixed(0)} ms vs full decode ${full.toFixed(0)} ms ` +
          `(${(full / sampled).toFixed(1)}x), worst offset ${worst.toFixed(3)} s`,
      );
      expect(result.frames).toHaveLength(64);
      if (gopS === 2) {
        expect(result.method).toBe('keyframes');
        expect(worst).toBeLessThanOrEqual(1.5);
        expect(full / sampled).toBeGreaterThanOrEqual(4);
      } else {
        expect(result.method).toBe('accurate');
        expect(worst).toBeLessThanOrEqual(0.1);
      }
    },
    600_000,
  );
});
