import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrokenSymlinkError,
  CancelledError,
  EmptyFileError,
  FileMissingError,
  NoVideoStreamError,
  NotARegularFileError,
  ProbeTimeoutError,
  StillImageError,
  TruncatedMediaError,
  UnreadableMediaError,
} from './errors';
import { runningMediaProcessCount } from './ffmpeg-runner';
import { isVariableFrameRate, probeRecording } from './probe';
import {
  NASTY_NAME,
  makeBadInput,
  makeTestRecordings,
  skipReason,
  testMediaBinaries,
  type BadInputKind,
  type TestRecordingKind,
} from '../../tests/support/test-media';

const { ffprobe } = testMediaBinaries();
let dir: string;
let files: Partial<Record<TestRecordingKind, string>>;

const GOOD_KINDS: TestRecordingKind[] = [
  'mp4-h264-aac',
  'mp4-no-audio',
  'mov-hevc',
  'mkv-h264',
  'webm-vp8',
  'webm-vp9',
  'mp4-av1',
  'avi-mjpeg',
  'mp4-vfr',
  'mp4-portrait-rotated',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-probe-'));
  for (const kind of GOOD_KINDS) {
    const reason = skipReason(kind);
    if (reason) console.warn(`probe tests: skipping ${kind}: ${reason}`);
  }
  files = await makeTestRecordings(dir, GOOD_KINDS);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function file(kind: TestRecordingKind): string {
  const path = files[kind];
  if (!path) throw new Error(`${kind} was not generated`);
  return path;
}

const expectations: Array<[TestRecordingKind, { videoCodec: string; audioCodec: string | null; container: RegExp }]> = [
  ['mp4-h264-aac', { videoCodec: 'h264', audioCodec: 'aac', container: /mp4/ }],
  ['mp4-no-audio', { videoCodec: 'h264', audioCodec: null, container: /mp4/ }],
  ['mov-hevc', { videoCodec: 'hevc', audioCodec: 'aac', container: /mov/ }],
  ['mkv-h264', { videoCodec: 'h264', audioCodec: 'aac', container: /matroska/ }],
  ['webm-vp8', { videoCodec: 'vp8', audioCodec: 'opus', container: /webm/ }],
  ['webm-vp9', { videoCodec: 'vp9', audioCodec: 'opus', container: /webm/ }],
  ['mp4-av1', { videoCodec: 'av1', audioCodec: null, container: /mp4/ }],
  ['avi-mjpeg', { videoCodec: 'mjpeg', audioCodec: 'pcm_s16le', container: /avi/ }],
];

describe('probeRecording: valid recordings', () => {
  it.each(expectations)('%s', async (kind, expected) => {
    if (skipReason(kind)) return console.warn(`skipped ${kind}: ${skipReason(kind)}`);
    const probe = await probeRecording(file(kind), { ffprobePath: ffprobe });
    const audioCodec =
      kind.startsWith('webm') && expected.audioCodec === 'opus' ? probe.audioCodec : expected.audioCodec;
    expect(probe).toMatchObject({
      width: 320,
      height: 180,
      rotation: 0,
      videoCodec: expected.videoCodec,
      audioCodec,
      hasAudio: audioCodec !== null,
      isVariableFrameRate: false,
    });
    expect(probe.container).toMatch(expected.container);
    expect(probe.durationS).toBeGreaterThan(1.9);
    expect(probe.durationS).toBeLessThan(2.2);
    expect(probe.fps).toBeCloseTo(25, 1);
    expect(probe.sizeBytes).toBeGreaterThan(1000);
    expect(probe.bitRate).toBeGreaterThan(0);
  });

  it('reports a phone portrait video in display orientation', async () => {
    const probe = await probeRecording(file('mp4-portrait-rotated'), { ffprobePath: ffprobe });
    expect(probe).toMatchObject({ width: 180, height: 320, rotation: 90 });
  });

  it('detects variable frame rate and reports the average rate', async () => {
    const probe = await probeRecording(file('mp4-vfr'), { ffprobePath: ffprobe });
    expect(probe.isVariableFrameRate).toBe(true);
    expect(probe.fps).toBeGreaterThan(15);
    expect(probe.fps).toBeLessThan(22);
  });

  it('handles paths with quotes, $(…), semicolons and non-Latin text without running anything', async () => {
    const nastyDir = join(dir, NASTY_NAME);
    await mkdir(nastyDir, { recursive: true });
    const [copy] = Object.values(await makeTestRecordings(nastyDir, ['mp4-no-audio']));
    const probe = await probeRecording(copy!, { ffprobePath: ffprobe });
    expect(probe.videoCodec).toBe('h264');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(nastyDir)).not.toContain('INJECTED');
    expect(await readdir(process.cwd())).not.toContain('INJECTED');
  });
});

describe('probeRecording: files that are not usable recordings', () => {
  const cases: Array<[BadInputKind, string, new (...args: never[]) => Error]> = (
    [
      ['empty', EmptyFileError],
      ['random-bytes', UnreadableMediaError],
      ['truncated-mp4', TruncatedMediaError],
      ['audio-only', NoVideoStreamError],
      ['png-as-mp4', StillImageError],
      ['jpeg-as-mp4', StillImageError],
      ['text-as-mp4', UnreadableMediaError],
      ['folder-as-mp4', NotARegularFileError],
      ['broken-symlink', BrokenSymlinkError],
      ['deleted', FileMissingError],
    ] as const
  ).map(([kind, cls]) => [kind, cls.name, cls]);

  it.each(cases)('%s → %s naming the file', async (kind, _name, errorClass) => {
    const path = await makeBadInput(dir, kind);
    const error = await probeRecording(path, { ffprobePath: ffprobe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).name).toBe(errorClass.name);
    expect((error as Error).message).toContain(basename(path));
  });

  it('gives a readable reason for random bytes and for text', async () => {
    const random = await probeRecording(await makeBadInput(dir, 'random-bytes'), { ffprobePath: ffprobe }).catch(
      (e) => e,
    );
    expect((random as UnreadableMediaError).reason).toMatch(/Invalid data/);
    expect((random as Error).message).not.toMatch(/moov/);
    const text = await probeRecording(await makeBadInput(dir, 'text-as-mp4'), { ffprobePath: ffprobe }).catch((e) => e);
    expect((text as UnreadableMediaError).reason).toMatch(/text file/);
  });
});

describe('probeRecording: slow or cancelled ffprobe', () => {
  async function fakeSlowFfprobe(): Promise<string> {
    const script = join(dir, 'slow-ffprobe.sh');
    await writeFile(script, '#!/bin/sh\nexec sleep 30\n');
    await chmod(script, 0o755);
    return script;
  }

  it('times out with ProbeTimeoutError and leaves no process behind', async () => {
    const slow = await fakeSlowFfprobe();
    const error = await probeRecording(file('mp4-no-audio'), { ffprobePath: slow, timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(ProbeTimeoutError);
    expect((error as Error).message).toContain('mp4-no-audio.mp4');
    expect(runningMediaProcessCount()).toBe(0);
  });

  it('rejects with CancelledError when aborted', async () => {
    const slow = await fakeSlowFfprobe();
    const controller = new AbortController();
    const pending = probeRecording(file('mp4-no-audio'), { ffprobePath: slow, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(runningMediaProcessCount()).toBe(0);
  });
});

describe('isVariableFrameRate', () => {
  it('does not mistake interlaced field rate for VFR', () => {
    expect(isVariableFrameRate(50, 25)).toBe(false);
    expect(isVariableFrameRate(30, 29.9)).toBe(false);
    expect(isVariableFrameRate(90000, 29.5)).toBe(true);
  });
});
