import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from './errors';
import { runningMediaProcessCount } from './ffmpeg-runner';
import { qualityToQscale, sampleFrames, type SampledFrames } from './sample-frames';
import { jpegSize } from './jpeg-stream';
import { probeRecording, type RecordingProbe } from './probe';
import { fitLongSideFilter } from './thumbnail';
import {
  NASTY_NAME,
  makeLongRecording,
  makeTestRecordings,
  testMediaBinaries,
  type TestRecordingKind,
} from '../../tests/support/test-media';

const run = promisify(execFile);
const bins = testMediaBinaries();
const ff = { ffmpegPath: bins.ffmpeg, ffprobePath: bins.ffprobe };
let dir: string;
let gop2: { path: string; probe: RecordingProbe };
let gop20: { path: string; probe: RecordingProbe };
let small: Partial<Record<TestRecordingKind, string>>;

async function probed(path: string) {
  return { path, probe: await probeRecording(path, { ffprobePath: bins.ffprobe }) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-frames-'));
  // 60 s at 640x360 keeps generation near a second while leaving room for 16+ grid points.
  const [a, b] = await Promise.all([
    makeLongRecording(dir, { durationS: 60, gopS: 2 }),
    makeLongRecording(dir, { durationS: 60, gopS: 20 }),
  ]);
  gop2 = await probed(a);
  gop20 = await probed(b);
  small = await makeTestRecordings(dir, [
    'mp4-portrait-rotated',
    'mp4-vfr',
    'webm-vp9',
    'mkv-h264',
    'avi-mjpeg',
    'mov-hevc',
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Decodes the frame at exactly timeS the slow, obvious way (from the start, no seeking). */
async function referenceFrame(path: string, timeS: number, longSide: number, quality: number): Promise<Buffer> {
  const { stdout } = await run(
    bins.ffmpeg,
    [
      '-hide_banner',
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:V:0',
      '-vf',
      `select='gte(t,${(timeS - 0.0005).toFixed(6)})',${fitLongSideFilter(longSide)}`,
      '-frames:v',
      '1',
      '-vsync',
      'passthrough',
      '-c:v',
      'mjpeg',
      '-q:v',
      String(qualityToQscale(quality)),
      '-f',
      'image2pipe',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

function expectGrid(result: SampledFrames, count: number, fromS: number, toS: number, toleranceS: number) {
  expect(result.frames).toHaveLength(count);
  const step = (toS - fromS) / count;
  result.frames.forEach((frame, i) => {
    expect(frame.index).toBe(i);
    expect(frame.targetS).toBeCloseTo(fromS + (i + 0.5) * step, 6);
    expect(Math.abs(frame.timestampS - frame.targetS)).toBeLessThanOrEqual(toleranceS);
    expect(frame.jpeg[0]).toBe(0xff);
  });
}

describe('sampleFrames', () => {
  it('with dense keyframes (2 s) decodes only keyframes: each point its own, within 1 s, at its real time', async () => {
    const result = await sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 16 });
    expect(result.method).toBe('keyframes');
    expectGrid(result, 16, 0, 60, 1);
    const times = result.frames.map((f) => f.timestampS);
    for (const t of times) expect(t % 2).toBeCloseTo(0, 3); // the recording has a keyframe every 2 s
    expect(new Set(times).size).toBe(16);
    expect(new Set(result.frames.map((f) => f.jpeg.toString('base64'))).size).toBe(16);
    // Served without listing the keyframes (a keyframe pass costs less than the listing).
    expect(result.keyframes).toBeUndefined();
    // Long side 768 requested, but a 640x360 source is never enlarged.
    expect(jpegSize(result.frames[0]!.jpeg)).toEqual({ width: 640, height: 360 });
  });

  it('with dense keyframes and exact times asked for, decodes from the keyframe before each point, within 0.1 s', async () => {
    const result = await sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 16, exactTimes: true });
    expect(result.method).toBe('ranges');
    expectGrid(result, 16, 0, 60, 0.1);
  });

  it('takes keyframes only when every point has one of its own: 40 points over 60 s with 2 s keyframes are exact', async () => {
    const result = await sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 40 });
    expect(result.method).toBe('ranges');
    expectGrid(result, 40, 0, 60, 0.1);
  });

  it('where the flagged keyframes do not decode alone (intra refresh), decodes the points exactly instead', async () => {
    const refresh = join(dir, 'intra-refresh.mp4');
    await run(bins.ffmpeg, [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=40'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-x264-params', 'intra-refresh=1:keyint=50', refresh],
    ]);
    const { probe } = await probed(refresh);
    const result = await sampleFrames(refresh, { ...ff, probe, count: 8 });
    expectGrid(result, 8, 0, 40, 0.1);
  });

  it('with sparse keyframes (20 s) every frame is within 0.1 s', async () => {
    const result = await sampleFrames(gop20.path, { ...ff, probe: gop20.probe, count: 16, longSide: 320 });
    expectGrid(result, 16, 0, 60, 0.1);
    expect(jpegSize(result.frames[5]!.jpeg)).toEqual({ width: 320, height: 180 });
  });

  it('with the keyframes already known, runs no ffprobe and still lands within 0.1 s', async () => {
    // Exact sampling of a long span lists the keyframes and hands them back.
    const first = await sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 4, exactTimes: true });
    expect(first.keyframes?.keyframesS.slice(0, 3)).toEqual([0, 2, 4]);
    const second = await sampleFrames(gop2.path, {
      ...ff,
      ffprobePath: '/nonexistent/ffprobe',
      probe: gop2.probe,
      keyframes: first.keyframes!,
      count: 12,
      exactTimes: true,
    });
    expectGrid(second, 12, 0, 60, 0.1);
  });

  it('a short clip is one pass without listing keyframes', async () => {
    const result = await sampleFrames(gop20.path, {
      ...ff,
      ffprobePath: '/nonexistent/ffprobe',
      probe: gop20.probe,
      count: 8,
      fromS: 5,
      toS: 25,
    });
    expect(result.method).toBe('straight');
    expectGrid(result, 8, 5, 25, 0.1);
  });

  it('falls back to decoding every frame where reference frames are too far apart (10 fps, 3 B-frames)', async () => {
    const path = join(dir, 'sparse-refs-10fps.mp4');
    await run(bins.ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=10:duration=40',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-bf',
      '3',
      '-b_strategy',
      '0',
      '-x264-params',
      'b-pyramid=none',
      '-g',
      '200',
      '-pix_fmt',
      'yuv420p',
      path,
    ]);
    const probe = await probeRecording(path, { ffprobePath: bins.ffprobe });
    const result = await sampleFrames(path, { ...ff, probe, count: 20, longSide: 160 });
    expectGrid(result, 20, 0, 40, 0.1);
    for (const frame of [result.frames[3]!, result.frames[14]!]) {
      expect(frame.jpeg.equals(await referenceFrame(path, frame.timestampS, 160, 90))).toBe(true);
    }
  });

  it('reports the time of the frame it actually decoded', async () => {
    for (const { path, probe } of [gop2, gop20]) {
      const result = await sampleFrames(path, { ...ff, probe, count: 8, longSide: 320, quality: 80 });
      for (const frame of [result.frames[1]!, result.frames[6]!]) {
        const reference = await referenceFrame(path, frame.timestampS, 320, 80);
        expect(frame.jpeg.equals(reference)).toBe(true);
      }
    }
  });

  it('samples only the requested span', async () => {
    const result = await sampleFrames(gop20.path, { ...ff, probe: gop20.probe, count: 5, fromS: 30, toS: 40 });
    expectGrid(result, 5, 30, 40, 0.1);
  });

  it('keeps portrait phone video portrait', async () => {
    const path = small['mp4-portrait-rotated']!;
    const probe = await probeRecording(path, { ffprobePath: bins.ffprobe });
    const result = await sampleFrames(path, { ...ff, probe, count: 3, longSide: 160 });
    expect(jpegSize(result.frames[0]!.jpeg)).toEqual({ width: 90, height: 160 });
  });

  it.each<TestRecordingKind>(['mp4-vfr', 'webm-vp9', 'mkv-h264', 'avi-mjpeg', 'mov-hevc'])(
    'works on %s',
    async (kind) => {
      if (!small[kind]) return console.warn(`skipped ${kind}: encoder not available`);
      const probe = await probeRecording(small[kind]!, { ffprobePath: bins.ffprobe });
      // The VFR file has 0.4 s holes, so allow a little more than one frame there.
      const tolerance = kind === 'mp4-vfr' ? 0.45 : 0.1;
      const exact = await sampleFrames(small[kind]!, { ...ff, probe, count: 6, exactTimes: true });
      expect(exact.frames).toHaveLength(6);
      for (const f of exact.frames) expect(Math.abs(f.timestampS - f.targetS)).toBeLessThanOrEqual(tolerance);
      // The fast way may take keyframes, each within half the grid spacing of its point.
      const fast = await sampleFrames(small[kind]!, { ...ff, probe, count: 6 });
      const radius = Math.max(tolerance, Math.min(1, probe.durationS / 6 / 2));
      for (const f of fast.frames) expect(Math.abs(f.timestampS - f.targetS)).toBeLessThanOrEqual(radius);
      expect(new Set(fast.frames.map((f) => f.timestampS)).size).toBe(6);
    },
  );

  it('handles hostile paths, in the concat script too', async () => {
    const nasty = join(dir, NASTY_NAME);
    await mkdir(nasty, { recursive: true });
    const [path] = Object.values(await makeTestRecordings(nasty, ['mp4-no-audio']));
    const probe = await probeRecording(path!, { ffprobePath: bins.ffprobe });
    expect((await sampleFrames(path!, { ...ff, probe, count: 2 })).frames).toHaveLength(2);
    const long = await makeLongRecording(nasty, { durationS: 40, gopS: 2, fileName: `${NASTY_NAME}.mp4` });
    const longProbe = await probeRecording(long, { ffprobePath: bins.ffprobe });
    const result = await sampleFrames(long, {
      ...ff,
      probe: longProbe,
      count: 8,
      parallelism: 1,
      longSide: 160,
      exactTimes: true,
    });
    expect(result.method).toBe('ranges');
    expectGrid(result, 8, 0, 40, 0.1);
    expect((await readdir(nasty)).sort()).toEqual([`${NASTY_NAME}.mp4`, 'mp4-no-audio.mp4'].sort());
  });

  it('cancels: CancelledError, no process left, no files written', async () => {
    const before = await readdir(dir);
    const controller = new AbortController();
    const pending = sampleFrames(gop20.path, { ...ff, probe: gop20.probe, count: 40, signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(runningMediaProcessCount()).toBe(0);
    expect(await readdir(dir)).toEqual(before);
  });

  it('rejects an impossible request', async () => {
    await expect(sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 0 })).rejects.toThrow(RangeError);
    await expect(sampleFrames(gop2.path, { ...ff, probe: gop2.probe, count: 4, fromS: 50, toS: 40 })).rejects.toThrow(
      RangeError,
    );
  });
});
