import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, FileMissingError } from './errors';
import { runningMediaProcessCount } from './ffmpeg-runner';
import { jpegSize } from './jpeg-stream';
import { makePoster, posterTimeS } from './thumbnail';
import {
  NASTY_NAME,
  makeLongRecording,
  makeTestRecording,
  makeTestRecordings,
  testMediaBinaries,
} from '../../tests/support/test-media';

const { ffmpeg } = testMediaBinaries();
let dir: string;
let files: Awaited<ReturnType<typeof makeTestRecordings>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-poster-'));
  files = await makeTestRecordings(dir, ['mp4-h264-aac', 'mp4-portrait-rotated']);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('posterTimeS', () => {
  it('is 10% in, or the middle of very short clips (at most 1 s)', () => {
    expect(posterTimeS(600)).toBe(60);
    expect(posterTimeS(5)).toBe(1);
    expect(posterTimeS(1)).toBe(0.5);
    expect(posterTimeS(0)).toBe(1);
  });
});

describe('makePoster', () => {
  it('writes a JPEG whose long side is 320', async () => {
    const out = join(dir, 'poster.jpg');
    await makePoster(files['mp4-h264-aac']!, out, { ffmpegPath: ffmpeg, atS: 0.5 });
    expect(jpegSize(await readFile(out))).toEqual({ width: 320, height: 180 });
  });

  it('keeps a portrait phone video portrait', async () => {
    const out = join(dir, 'portrait.jpg');
    await makePoster(files['mp4-portrait-rotated']!, out, { ffmpegPath: ffmpeg, atS: 0.5, longSide: 160 });
    expect(jpegSize(await readFile(out))).toEqual({ width: 90, height: 160 });
  });

  it('never enlarges a small video', async () => {
    const out = join(dir, 'small.jpg');
    await makePoster(files['mp4-h264-aac']!, out, { ffmpegPath: ffmpeg, atS: 0.5, longSide: 4000 });
    expect(jpegSize(await readFile(out))).toEqual({ width: 320, height: 180 });
  });

  it('falls back to the first frame when asked for a time past the end', async () => {
    const out = join(dir, 'late.jpg');
    await makePoster(files['mp4-h264-aac']!, out, { ffmpegPath: ffmpeg, atS: 99 });
    expect(jpegSize(await readFile(out))?.width).toBe(320);
  });

  it('takes the keyframe before the time (no decoding up to it), and a frame anyway where keyframes are not flagged', async () => {
    // 20 s between keyframes: 3 s in is served by the keyframe at 0 s.
    const sparse = await makeLongRecording(dir, { durationS: 30, gopS: 20 });
    const [at3, at0] = [join(dir, 'at3.jpg'), join(dir, 'at0.jpg')];
    await makePoster(sparse, at3, { ffmpegPath: ffmpeg, atS: 3 });
    await makePoster(sparse, at0, { ffmpegPath: ffmpeg, atS: 0 });
    expect((await readFile(at3)).equals(await readFile(at0))).toBe(true);
    // Intra refresh: one IDR frame, then recovery points the keyframe-only decoder skips.
    const refresh = join(dir, 'intra-refresh.mp4');
    execFileSync(ffmpeg, [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=12'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-x264-params', 'intra-refresh=1:keyint=100', refresh],
    ]);
    const out = join(dir, 'refresh.jpg');
    await makePoster(refresh, out, { ffmpegPath: ffmpeg, atS: 6 });
    expect(jpegSize(await readFile(out))).toEqual({ width: 320, height: 240 });
  });

  it('works with hostile paths and leaves no temporary files', async () => {
    const nasty = join(dir, NASTY_NAME);
    await mkdir(nasty, { recursive: true });
    const input = await makeTestRecording(nasty, 'mp4-no-audio', { fileName: `in $(touch INJECTED); 'q'.mp4` });
    const out = join(nasty, `poster "q" $(touch INJECTED).jpg`);
    await makePoster(input, out, { ffmpegPath: ffmpeg, atS: 1 });
    expect((await readdir(nasty)).sort()).toEqual(
      [`in $(touch INJECTED); 'q'.mp4`, `poster "q" $(touch INJECTED).jpg`].sort(),
    );
  });

  it('cancels cleanly', async () => {
    const out = join(dir, 'cancelled.jpg');
    const error = await makePoster(files['mp4-h264-aac']!, out, {
      ffmpegPath: ffmpeg,
      atS: 1,
      signal: AbortSignal.abort(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((await readdir(dir)).filter((n) => n.includes('cancelled'))).toEqual([]);
    expect(runningMediaProcessCount()).toBe(0);
  });

  it('names a missing input', async () => {
    await expect(makePoster(join(dir, 'gone.mp4'), join(dir, 'x.jpg'), { ffmpegPath: ffmpeg, atS: 1 })).rejects.toThrow(
      FileMissingError,
    );
  });
});
