import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from './errors';
import { runningMediaProcessCount } from './ffmpeg-runner';
import { probeRecording, type RecordingProbe } from './probe';
import { makePlayableProxy, needsPlayableProxy } from './proxy';
import {
  makeLongRecording,
  makeTestRecordings,
  testMediaBinaries,
  type TestRecordingKind,
} from '../../tests/support/test-media';

const { ffmpeg, ffprobe } = testMediaBinaries();
let dir: string;
let files: Partial<Record<TestRecordingKind, string>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-proxy-'));
  files = await makeTestRecordings(dir, [
    'mp4-h264-aac',
    'mp4-no-audio',
    'mov-hevc',
    'mkv-h264',
    'webm-vp8',
    'webm-vp9',
    'mp4-av1',
    'avi-mjpeg',
    'mp4-portrait-rotated',
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Top-level MP4 box types in file order. */
async function topLevelBoxes(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const types: string[] = [];
    const header = Buffer.alloc(16);
    for (let pos = 0; pos + 8 <= size;) {
      await handle.read(header, 0, 16, pos);
      let length = header.readUInt32BE(0);
      types.push(header.toString('latin1', 4, 8));
      if (length === 1) length = Number(header.readBigUInt64BE(8));
      if (length < 8) break;
      pos += length;
    }
    return types;
  } finally {
    await handle.close();
  }
}

const base: RecordingProbe = {
  durationS: 10,
  width: 1280,
  height: 720,
  rotation: 0,
  fps: 25,
  isVariableFrameRate: false,
  videoCodec: 'h264',
  audioCodec: 'aac',
  hasAudio: true,
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  sizeBytes: 1,
  pixelFormat: 'yuv420p',
};

describe('needsPlayableProxy', () => {
  it.each<[Partial<RecordingProbe>, boolean]>([
    [{}, false],
    [{ audioCodec: null, hasAudio: false }, false],
    [{ videoCodec: 'av1' }, false],
    [{ videoCodec: 'hevc' }, true],
    [{ videoCodec: 'mpeg4' }, true],
    [{ videoCodec: 'mjpeg', container: 'avi' }, true],
    [{ pixelFormat: 'yuv422p10le' }, true],
    [{ audioCodec: 'pcm_s16le' }, true],
    [{ container: 'matroska,webm', videoCodec: 'vp9', audioCodec: 'opus' }, false],
    [{ container: 'matroska,webm', videoCodec: 'vp8', audioCodec: 'vorbis' }, false],
    [{ container: 'matroska,webm', videoCodec: 'h264' }, true],
    [{ container: 'mpegts' }, true],
  ])('%o → %s', (change, expected) => {
    expect(needsPlayableProxy({ ...base, ...change })).toBe(expected);
  });

  it('agrees with the probed test recordings', async () => {
    const expected: Partial<Record<TestRecordingKind, boolean>> = {
      'mp4-h264-aac': false,
      'mp4-no-audio': false,
      'mp4-portrait-rotated': false,
      'webm-vp8': false,
      'webm-vp9': false,
      'mp4-av1': false,
      'mov-hevc': true,
      'mkv-h264': true,
      'avi-mjpeg': true,
    };
    for (const [kind, path] of Object.entries(files)) {
      const probe = await probeRecording(path, { ffprobePath: ffprobe });
      expect([kind, needsPlayableProxy(probe)]).toEqual([kind, expected[kind as TestRecordingKind]]);
    }
  });
});

describe('makePlayableProxy', () => {
  it.each<TestRecordingKind>(['mov-hevc', 'avi-mjpeg', 'mkv-h264'])(
    'turns %s into a fast-start H.264/AAC MP4',
    async (kind) => {
      if (!files[kind]) return console.warn(`skipped ${kind}: not available`);
      const out = join(dir, `${kind}.proxy.mp4`);
      const progress: number[] = [];
      await makePlayableProxy(files[kind]!, out, {
        ffmpegPath: ffmpeg,
        durationS: 2,
        onProgress: (f) => progress.push(f),
      });
      const probe = await probeRecording(out, { ffprobePath: ffprobe });
      expect(probe).toMatchObject({
        videoCodec: 'h264',
        audioCodec: 'aac',
        pixelFormat: 'yuv420p',
        width: 320,
        height: 180,
      });
      expect(needsPlayableProxy(probe)).toBe(false);
      const boxes = await topLevelBoxes(out);
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
      expect(progress[progress.length - 1]).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    },
  );

  it('keeps a portrait video portrait', async () => {
    const out = join(dir, 'portrait.proxy.mp4');
    await makePlayableProxy(files['mp4-portrait-rotated']!, out, { ffmpegPath: ffmpeg, durationS: 2 });
    const probe = await probeRecording(out, { ffprobePath: ffprobe });
    expect([probe.width, probe.height]).toEqual([180, 320]);
  });

  it('leaves neither a partial file nor a process when cancelled mid-way', async () => {
    const long = await makeLongRecording(dir, {
      durationS: 20,
      width: 640,
      height: 360,
      fileName: 'long-for-proxy.mp4',
    });
    const out = join(dir, 'cancelled.proxy.mp4');
    const controller = new AbortController();
    const pending = makePlayableProxy(long, out, {
      ffmpegPath: ffmpeg,
      durationS: 20,
      signal: controller.signal,
      onProgress: (f) => f > 0 && controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect((await readdir(dir)).filter((n) => n.includes('cancelled') || n.includes('.partial-'))).toEqual([]);
    expect(runningMediaProcessCount()).toBe(0);
  });
});
