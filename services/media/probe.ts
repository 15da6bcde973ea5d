import { resolve } from 'node:path';
import { z } from 'zod';
import {
  FileMissingError,
  MediaProcessError,
  NoVideoStreamError,
  ProbeTimeoutError,
  StillImageError,
  TruncatedMediaError,
  UnreadableMediaError,
} from './errors';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { assertRegularFile, isMissing, looksLikeIsoBmff, looksLikeText, readHead } from './file-checks';

export type Rotation = 0 | 90 | 180 | 270;

export interface RecordingProbe {
  durationS: number;
  /** Display size: sample aspect ratio and rotation applied (portrait phone video → width < height). */
  width: number;
  height: number;
  /** Clockwise degrees the stored picture is turned for display (ffmpeg's autorotate convention). */
  rotation: Rotation;
  /** Average frame rate. */
  fps: number;
  isVariableFrameRate: boolean;
  videoCodec: string;
  audioCodec: string | null;
  hasAudio: boolean;
  /** ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  container: string;
  bitRate?: number;
  sizeBytes: number;
  /** e.g. "yuv420p"; decides whether Chromium can decode an H.264 stream. */
  pixelFormat?: string;
}

export interface ProbeOptions {
  ffprobePath: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

// Only the fields we use are declared; loose() keeps ffprobe's many others from failing validation.
const streamSchema = z.looseObject({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  sample_aspect_ratio: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
  side_data_list: z.array(z.looseObject({ rotation: z.number().optional() })).optional(),
});

const ffprobeOutputSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.looseObject({
    format_name: z.string(),
    duration: z.string().optional(),
    bit_rate: z.string().optional(),
  }),
});

type ProbeStream = z.infer<typeof streamSchema>;

const STILL_IMAGE_CODECS = new Set(['png', 'mjpeg', 'bmp', 'webp', 'tiff', 'jpeg2000', 'jpegls', 'gif', 'qoi']);

function imageLabel(codec: string | undefined, format: string | undefined): string {
  const name = codec === 'mjpeg' ? 'JPEG' : (codec ?? format?.replace(/_pipe$/, '') ?? 'image').toUpperCase();
  return `${name} image`;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** "30000/1001" → 29.97; "0/0" → undefined. */
function parseRate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const [a, b] = text.split(/[/:]/).map(Number);
  if (a === undefined || !Number.isFinite(a)) return undefined;
  const value = b === undefined ? a : a / b;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function normaliseRotation(degrees: number): Rotation {
  const r = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return r as Rotation;
}

/**
 * The display matrix (what ffmpeg's decoders use) wins over the legacy `rotate` tag that older
 * ffprobe builds print. The matrix states counter-clockwise degrees, hence the minus.
 */
function rotationOf(stream: ProbeStream): Rotation {
  const matrix = stream.side_data_list?.find((s) => typeof s.rotation === 'number');
  if (matrix?.rotation !== undefined) return normaliseRotation(-matrix.rotation);
  const tag = Number(stream.tags?.rotate);
  return Number.isFinite(tag) ? normaliseRotation(tag) : 0;
}

/**
 * Variable frame rate: ffprobe's r_frame_rate is the base rate every timestamp fits, while
 * avg_frame_rate is frames/duration. They differ when frames are irregular (phones do this).
 * A base rate exactly twice the average is interlaced field rate, not VFR.
 */
export function isVariableFrameRate(rFrameRate: number | undefined, avgFrameRate: number | undefined): boolean {
  if (!rFrameRate || !avgFrameRate) return false;
  const near = (a: number, b: number) => Math.abs(a - b) / b < 0.01;
  return !near(avgFrameRate, rFrameRate) && !near(2 * avgFrameRate, rFrameRate);
}

/** ffprobe stderr minus "[demuxer @ 0x…]" prefixes and the file name: a reason a user can read. */
function shortReason(stderr: string, inputArg: string): string {
  const lines = stderr
    .split(/\r?\n|\s*\|\s*/)
    .map((l) =>
      l
        .replace(/^\[[^\]]*\]\s*/, '')
        .split(`${inputArg}: `)
        .join('')
        .trim(),
    )
    .filter(Boolean);
  const unique = [...new Set(lines)].join('; ');
  return unique.length > 200 ? `${unique.slice(0, 197)}…` : unique || 'ffprobe could not recognise the format';
}

async function classifyProbeFailure(path: string, error: MediaProcessError, inputArg: string): Promise<Error> {
  if (await isMissing(path)) return new FileMissingError(path);
  const head = await readHead(path).catch(() => Buffer.alloc(0));
  if (/moov atom not found/i.test(error.stderrTail) && looksLikeIsoBmff(head)) {
    return new TruncatedMediaError(path, 'the MP4/MOV index (moov atom) is missing');
  }
  if (looksLikeText(head)) return new UnreadableMediaError(path, 'it is a text file, not a video');
  // The MP4 demuxer is chosen by extension, so for random bytes its complaint would mislead.
  const stderr = error.stderrTail.replace(/[^|\n]*moov atom not found[^|\n]*/gi, '');
  return new UnreadableMediaError(path, `not a recognisable video format (ffprobe: ${shortReason(stderr, inputArg)})`, {
    cause: error,
  });
}

/** Reads the last video packet time when the container states no duration (e.g. MediaRecorder WebM). */
async function scanVideoDurationS(path: string, opts: ProbeOptions): Promise<number | undefined> {
  const { stdout } = await runMediaProcess(
    opts.ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      'V:0',
      '-show_entries',
      'packet=pts_time,duration_time',
      '-of',
      'csv=p=0',
      '-i',
      fileArg(path),
    ],
    {
      inputPath: path,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      timeoutError: () => new ProbeTimeoutError(path, opts.timeoutMs ?? 0),
    },
  );
  let end: number | undefined;
  for (const line of stdout.toString('utf8').split('\n')) {
    const [pts, dur] = line.split(',').map((v) => Number(v));
    if (pts === undefined || !Number.isFinite(pts)) continue;
    const t = pts + (dur !== undefined && Number.isFinite(dur) ? dur : 0);
    end = end === undefined ? t : Math.max(end, t);
  }
  return end;
}

/**
 * Probes one recording. Rejects with a named error for every way a file can be wrong, checked
 * cheapest-first: file system state, then ffprobe's verdict, then what the streams contain.
 */
export async function probeRecording(path: string, options: ProbeOptions): Promise<RecordingProbe> {
  const opts = { ...options, timeoutMs: options.timeoutMs ?? 20_000 };
  const abs = resolve(path);
  const stats = await assertRegularFile(abs);
  const inputArg = fileArg(abs);

  let stdout: Buffer;
  try {
    ({ stdout } = await runMediaProcess(
      opts.ffprobePath,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', inputArg],
      {
        inputPath: abs,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        timeoutError: () => new ProbeTimeoutError(abs, opts.timeoutMs),
        maxStdoutBytes: 16 * 1024 * 1024,
      },
    ));
  } catch (error) {
    if (error instanceof MediaProcessError) throw await classifyProbeFailure(abs, error, inputArg);
    throw error;
  }

  let parsed: z.infer<typeof ffprobeOutputSchema>;
  try {
    parsed = ffprobeOutputSchema.parse(JSON.parse(stdout.toString('utf8')));
  } catch (error) {
    throw new UnreadableMediaError(abs, 'ffprobe returned output that could not be understood', { cause: error });
  }

  const { format, streams } = parsed;
  const formatParts = format.format_name.split(',');
  // Cover art inside audio files is a "video" stream with the attached_pic disposition.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');

  if (formatParts.includes('tty') || video?.codec_name === 'ansi') {
    throw new UnreadableMediaError(abs, 'it is a text file, not a video');
  }
  if (formatParts.some((p) => p === 'image2' || p.endsWith('_pipe'))) {
    throw new StillImageError(abs, imageLabel(video?.codec_name, formatParts[0]));
  }
  if (!video) {
    if (audio) throw new NoVideoStreamError(abs);
    throw new UnreadableMediaError(abs, 'it contains no video or audio streams');
  }

  let durationS = num(format.duration) ?? num(video.duration);
  const frameCount = num(video.nb_frames);
  if (STILL_IMAGE_CODECS.has(video.codec_name ?? '') && (durationS === undefined || (frameCount ?? 2) <= 1)) {
    throw new StillImageError(abs, imageLabel(video.codec_name, undefined));
  }
  if (durationS === undefined) {
    durationS = await scanVideoDurationS(abs, opts);
    if (durationS === undefined) throw new UnreadableMediaError(abs, 'its video track contains no frames');
  }

  const rotation = rotationOf(video);
  const sar = parseRate(video.sample_aspect_ratio) ?? 1;
  const storedW = Math.round((video.width ?? 0) * sar);
  const storedH = video.height ?? 0;
  if (!storedW || !storedH) throw new UnreadableMediaError(abs, 'its video track has no picture size');
  const quarterTurn = rotation === 90 || rotation === 270;
  const rRate = parseRate(video.r_frame_rate);
  const avgRate = parseRate(video.avg_frame_rate);
  const fps = avgRate ?? rRate ?? (frameCount && durationS > 0 ? frameCount / durationS : 0);

  return {
    durationS,
    width: quarterTurn ? storedH : storedW,
    height: quarterTurn ? storedW : storedH,
    rotation,
    fps,
    isVariableFrameRate: isVariableFrameRate(rRate, avgRate),
    videoCodec: video.codec_name ?? 'unknown',
    audioCodec: audio?.codec_name ?? null,
    hasAudio: audio !== undefined,
    container: format.format_name,
    ...(num(format.bit_rate) !== undefined ? { bitRate: num(format.bit_rate) } : {}),
    sizeBytes: stats.size,
    ...(video.pix_fmt ? { pixelFormat: video.pix_fmt } : {}),
  };
}
