/**
 * Test recordings generated on the fly with ffmpeg's lavfi sources (testsrc2 + sine), so no
 * binary fixtures live in git. Shared by the media, import, e2e and benchmark suites.
 *
 * Usage (generate once per suite, in beforeAll):
 *   const dir = await mkdtemp(join(tmpdir(), 'osce-media-'));
 *   const mp4 = await makeTestRecording(dir, 'mp4-h264-aac');
 *   const bad = await makeBadInput(dir, 'truncated-mp4');
 *   if (!canMakeRecording('mp4-av1')) console.log(skipReason('mp4-av1'));
 *
 * Defaults keep each file tiny (320x180, 2 s, ultrafast presets: ~0.1–0.5 s to make). Use
 * makeLongRecording for timing work (e.g. 180 s 1280x720 with 2 s keyframes).
 * Uses execFile (never a shell) and does not depend on the code under test, except for
 * locating binaries (override with OSCE_FFMPEG / OSCE_FFPROBE).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { locateMediaBinaries } from '../../services/media/binaries';

const execFileAsync = promisify(execFile);

export type TestRecordingKind =
  | 'mp4-h264-aac'
  | 'mp4-no-audio'
  | 'mov-hevc'
  | 'mkv-h264'
  | 'webm-vp8'
  | 'webm-vp9'
  | 'mp4-av1'
  | 'avi-mjpeg'
  | 'mp4-vfr'
  | 'mp4-portrait-rotated';

export type BadInputKind =
  | 'empty'
  | 'random-bytes'
  | 'truncated-mp4'
  | 'audio-only'
  | 'png-as-mp4'
  | 'jpeg-as-mp4'
  | 'text-as-mp4'
  | 'folder-as-mp4'
  | 'broken-symlink'
  | 'deleted';

export interface RecordingOptions {
  durationS?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Keyframe interval in seconds. */
  gopS?: number;
  fileName?: string;
}

/** A folder/file name with spaces, quotes, `$(...)`, `;` and non-Latin text: nothing here may run. */
export const NASTY_NAME = `we'ird "q" $(touch INJECTED) ; rm -rf nope & Ünïcødé 日本語 ✓`;

let cachedBinaries: { ffmpeg: string; ffprobe: string } | undefined;

export function testMediaBinaries(): { ffmpeg: string; ffprobe: string } {
  if (!cachedBinaries) {
    const found = locateMediaBinaries({ ffmpegPath: process.env.OSCE_FFMPEG, ffprobePath: process.env.OSCE_FFPROBE });
    cachedBinaries = { ffmpeg: found.ffmpeg.path, ffprobe: found.ffprobe.path };
  }
  return cachedBinaries;
}

let cachedEncoders: Set<string> | undefined;

/** Encoder names from `ffmpeg -encoders`; synchronous so suites can decide skips at collection time. */
export function availableEncoders(): Set<string> {
  if (!cachedEncoders) {
    const out = execFileSync(testMediaBinaries().ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
    cachedEncoders = new Set(
      out
        .split('\n')
        .map((l) => /^\s[VAS][A-Z.]{5}\s+(\S+)/.exec(l)?.[1])
        .filter((n): n is string => !!n),
    );
  }
  return cachedEncoders;
}

function av1Encoder(): string[] | undefined {
  const enc = availableEncoders();
  if (enc.has('libsvtav1')) return ['-c:v', 'libsvtav1', '-preset', '12'];
  if (enc.has('libaom-av1')) return ['-c:v', 'libaom-av1', '-cpu-used', '8', '-usage', 'realtime', '-row-mt', '1'];
  return undefined;
}

const REQUIRED_ENCODERS: Partial<Record<TestRecordingKind, string[]>> = {
  'mp4-h264-aac': ['libx264'],
  'mp4-no-audio': ['libx264'],
  'mkv-h264': ['libx264'],
  'mp4-vfr': ['libx264'],
  'mp4-portrait-rotated': ['libx264'],
  'mov-hevc': ['libx265'],
  'webm-vp8': ['libvpx'],
  'webm-vp9': ['libvpx-vp9'],
};

/** Null when this ffmpeg can make the kind; otherwise a reason to print with the skip. */
export function skipReason(kind: TestRecordingKind): string | null {
  if (kind === 'mp4-av1') return av1Encoder() ? null : 'no AV1 encoder (libsvtav1/libaom-av1) in this ffmpeg';
  const missing = (REQUIRED_ENCODERS[kind] ?? []).filter((e) => !availableEncoders().has(e));
  return missing.length ? `encoder ${missing.join(', ')} not in this ffmpeg` : null;
}

export function canMakeRecording(kind: TestRecordingKind): boolean {
  return skipReason(kind) === null;
}

async function ffmpeg(args: string[]): Promise<void> {
  await execFileAsync(testMediaBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

function sources(o: Required<Omit<RecordingOptions, 'fileName'>>, audio: boolean): string[] {
  const video = ['-f', 'lavfi', '-i', `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}:duration=${o.durationS}`];
  const sine = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.durationS}`];
  return audio ? [...video, ...sine] : video;
}

function x264(o: Required<Omit<RecordingOptions, 'fileName'>>): string[] {
  const gop = String(Math.max(1, Math.round(o.gopS * o.fps)));
  // Fixed GOP (no scene-cut keyframes) so keyframe spacing is exactly what a test asks for.
  return [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
  ];
}

async function rotationOf(path: string): Promise<number | undefined> {
  const { stdout } = await execFileAsync(testMediaBinaries().ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-print_format',
    'json',
    '-show_streams',
    path,
  ]);
  const stream = (JSON.parse(stdout) as { streams?: Array<Record<string, any>> }).streams?.[0];
  const matrix = stream?.side_data_list?.find((s: { rotation?: number }) => typeof s.rotation === 'number');
  if (matrix) return (((-matrix.rotation as number) % 360) + 360) % 360;
  const tag = Number(stream?.tags?.rotate);
  return Number.isFinite(tag) ? tag : undefined;
}

/** Makes a phone-style portrait file: landscape storage + "rotate 90° clockwise" metadata. */
async function makeRotated(landscape: string, out: string): Promise<void> {
  // ffmpeg versions disagree on what a written `rotate` tag means, so verify and adjust.
  for (const args of [
    ['-i', landscape, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', out],
    ['-i', landscape, '-c', 'copy', '-metadata:s:v:0', 'rotate=270', out],
    ['-display_rotation:v:0', '-90', '-i', landscape, '-c', 'copy', out],
  ]) {
    try {
      await ffmpeg(args);
      if ((await rotationOf(out)) === 90) return;
    } catch {
      // Option unknown to this ffmpeg version; try the next spelling.
    }
  }
  throw new Error('could not write rotation metadata with this ffmpeg');
}

/** Generates a valid recording of the given kind into dir and returns its path. */
export async function makeTestRecording(
  dir: string,
  kind: TestRecordingKind,
  opts: RecordingOptions = {},
): Promise<string> {
  const reason = skipReason(kind);
  if (reason) throw new Error(`cannot make ${kind}: ${reason}`);
  const o = { durationS: 2, width: 320, height: 180, fps: 25, gopS: 1, ...opts };
  const ext = {
    'mov-hevc': 'mov',
    'mkv-h264': 'mkv',
    'webm-vp8': 'webm',
    'webm-vp9': 'webm',
    'avi-mjpeg': 'avi',
  } as Record<string, string>;
  const out = join(dir, opts.fileName ?? `${kind}.${ext[kind] ?? 'mp4'}`);
  const aac = ['-c:a', 'aac', '-b:a', '64k'];
  const opus = availableEncoders().has('libopus') ? ['-c:a', 'libopus'] : ['-c:a', 'libvorbis'];
  const gop = String(Math.round(o.gopS * o.fps));
  switch (kind) {
    case 'mp4-h264-aac':
      await ffmpeg([...sources(o, true), ...x264(o), ...aac, '-shortest', out]);
      break;
    case 'mp4-no-audio':
      await ffmpeg([...sources(o, false), ...x264(o), out]);
      break;
    case 'mkv-h264':
      await ffmpeg([...sources(o, true), ...x264(o), ...aac, '-shortest', out]);
      break;
    case 'mov-hevc':
      await ffmpeg([
        ...sources(o, true),
        '-c:v',
        'libx265',
        '-preset',
        'ultrafast',
        '-x265-params',
        `log-level=error:keyint=${gop}`,
        '-tag:v',
        'hvc1',
        '-pix_fmt',
        'yuv420p',
        ...aac,
        '-shortest',
        out,
      ]);
      break;
    case 'webm-vp8':
    case 'webm-vp9':
      await ffmpeg([
        ...sources(o, true),
        '-c:v',
        kind === 'webm-vp8' ? 'libvpx' : 'libvpx-vp9',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-b:v',
        '300k',
        '-g',
        gop,
        ...opus,
        '-shortest',
        out,
      ]);
      break;
    case 'mp4-av1':
      try {
        await ffmpeg([...sources(o, false), ...av1Encoder()!, '-g', gop, '-pix_fmt', 'yuv420p', out]);
      } catch {
        // Older libaom builds lack the speed options; slower, but still a valid AV1 file.
        await ffmpeg([
          ...sources(o, false),
          '-c:v',
          'libaom-av1',
          '-strict',
          'experimental',
          '-g',
          gop,
          '-pix_fmt',
          'yuv420p',
          out,
        ]);
      }
      break;
    case 'avi-mjpeg':
      await ffmpeg([
        ...sources(o, true),
        '-c:v',
        'mjpeg',
        '-q:v',
        '6',
        '-pix_fmt',
        'yuvj420p',
        '-c:a',
        'pcm_s16le',
        '-shortest',
        out,
      ]);
      break;
    case 'mp4-vfr':
      // Drop frames 10–19 of every 30 and keep the original timestamps: real gaps, as phones produce.
      await ffmpeg([
        ...sources(o, false),
        '-vf',
        "select='not(between(mod(n\\,30)\\,10\\,19))'",
        '-vsync',
        'vfr',
        ...x264(o),
        out,
      ]);
      break;
    case 'mp4-portrait-rotated': {
      const landscape = join(dir, `.landscape-${process.pid}-${Date.now()}.mp4`);
      await ffmpeg([...sources(o, true), ...x264(o), ...aac, '-shortest', landscape]);
      await makeRotated(landscape, out);
      await rm(landscape, { force: true });
      break;
    }
  }
  return out;
}

/** Several kinds at once, two encodes at a time; kinds this ffmpeg cannot make are left out. */
export async function makeTestRecordings(
  dir: string,
  kinds: TestRecordingKind[],
  opts: RecordingOptions = {},
): Promise<Partial<Record<TestRecordingKind, string>>> {
  const result: Partial<Record<TestRecordingKind, string>> = {};
  const queue = kinds.filter(canMakeRecording);
  const worker = async () => {
    for (let kind = queue.shift(); kind; kind = queue.shift()) {
      result[kind] = await makeTestRecording(dir, kind, { ...opts, fileName: undefined });
    }
  };
  await Promise.all([worker(), worker()]);
  return result;
}

/** A longer H.264 recording for frame-sampling accuracy and timing (e.g. 180 s, 1280x720, 2 s GOP). */
export async function makeLongRecording(
  dir: string,
  opts: RecordingOptions & {
    audio?: boolean;
    /** x264 preset; 'veryfast' decodes like phone footage (CABAC, B-frames). */ preset?: string;
  } = {},
): Promise<string> {
  const o = { durationS: 60, width: 640, height: 360, fps: 25, gopS: 2, ...opts };
  const out = join(dir, opts.fileName ?? `long-${o.durationS}s-${o.width}x${o.height}-gop${o.gopS}.mp4`);
  const audio = opts.audio ?? false;
  const video = x264(o).map((arg) => (arg === 'ultrafast' && opts.preset ? opts.preset : arg));
  await ffmpeg([...sources(o, audio), ...video, ...(audio ? ['-c:a', 'aac', '-shortest'] : []), out]);
  return out;
}

/** Deterministic pseudo-random bytes so a failure reproduces exactly. */
function pseudoRandomBytes(length: number, seed = 12345): Buffer {
  const buf = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

/** Generates an input the importer must reject, and returns the path to hand to it. */
export async function makeBadInput(dir: string, kind: BadInputKind, fileName?: string): Promise<string> {
  const out = join(dir, fileName ?? `${kind}.mp4`);
  switch (kind) {
    case 'empty':
      await writeFile(out, '');
      break;
    case 'random-bytes':
      await writeFile(out, pseudoRandomBytes(256 * 1024));
      break;
    case 'text-as-mp4':
      await writeFile(out, 'Station 3 notes: student forgot to check airway.\nNot a video.\n'.repeat(20));
      break;
    case 'truncated-mp4': {
      // Without +faststart the moov index is written last, so cutting the tail loses it.
      const whole = join(dir, `.whole-${kind}-${process.pid}.mp4`);
      await ffmpeg([
        ...sources({ durationS: 2, width: 320, height: 180, fps: 25, gopS: 1 }, false),
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        whole,
      ]);
      const { readFile } = await import('node:fs/promises');
      const data = await readFile(whole);
      await writeFile(out, data.subarray(0, Math.floor(data.length * 0.6)));
      await rm(whole, { force: true });
      break;
    }
    case 'audio-only':
      await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', '-f', 'mp4', out]);
      break;
    case 'png-as-mp4':
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180',
        '-frames:v',
        '1',
        '-c:v',
        'png',
        '-f',
        'image2',
        '-update',
        '1',
        out,
      ]);
      break;
    case 'jpeg-as-mp4':
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180',
        '-frames:v',
        '1',
        '-c:v',
        'mjpeg',
        '-f',
        'image2',
        '-update',
        '1',
        out,
      ]);
      break;
    case 'folder-as-mp4':
      await mkdir(out, { recursive: true });
      break;
    case 'broken-symlink':
      await symlink(join(dir, 'target-that-does-not-exist.mp4'), out);
      break;
    case 'deleted':
      // A path that was seen by a folder scan and is gone by the time it is probed.
      await writeFile(out, 'x');
      await rm(out);
      break;
  }
  return out;
}
