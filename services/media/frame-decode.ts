/**
 * Runs one job of a frame plan (frame-plan.ts) in one ffmpeg process and returns each decoded
 * pick with its time. Several ranges are read by one process through ffmpeg's concat demuxer (a
 * script on stdin naming the same file with an in and out point per range), so a job costs one
 * process start however many keyframe intervals it visits; a path the script cannot carry (a line
 * break in it) falls back to one process per range.
 */
import { MediaProcessError } from './errors';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import type { DecodeRange, FrameDecode } from './frame-plan';
import { JpegStreamSplitter } from './jpeg-stream';
import { fitLongSideFilter } from './thumbnail';

export interface DecodedFrame {
  /** Presentation time, seconds from the recording start. */
  timeS: number;
  jpeg: Buffer;
}

export interface DecodeOptions {
  ffmpegPath: string;
  longSide: number;
  qscale: number;
  threads: number;
  /**
   * 'references' skips frames nothing refers to (about half of a B-frame stream; picks land on
   * reference frames); 'keyframes' decodes keyframes only.
   */
  decode: FrameDecode;
  /** Container start_time: the concat demuxer's in and out points are absolute times. */
  startTimeS: number;
  signal: AbortSignal;
}

/** Seconds of timeline between ranges in the concat script, so a late frame of one range is never read as the next's. */
const RANGE_GAP_S = 2;
/** A threshold this much early selects a frame sitting exactly on it despite rounding. */
const EPSILON_S = 0.0005;

const SHOWINFO_PTS = /\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[0-9.]+(?:e[-+]?\d+)?)/;
const SHOWINFO_TIME_BASE = /config in time_base:\s*(\d+)\/(\d+)/;
const SHOWINFO_KEY = /\biskey:\s*(\d)/;

/** "First frame at or after T": at/after T, and the previous frame (if any) was before T. */
function selectExpression(thresholds: readonly number[]): string {
  return thresholds
    .map((t) => {
      const v = t.toFixed(6);
      return `gte(t,${v})*(isnan(prev_t)+lt(prev_t,${v}))`;
    })
    .join('+');
}

/** ffconcat quoting: inside single quotes only the quote itself needs escaping; a line break cannot be carried. */
export function concatQuoted(path: string): string | null {
  if (/[\r\n\0]/.test(path)) return null;
  return `'${path.replace(/'/g, "'\\''")}'`;
}

function outputArgs(thresholds: readonly number[], opts: DecodeOptions): string[] {
  return [
    '-map',
    '0:V:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `select='${selectExpression(thresholds)}',${fitLongSideFilter(opts.longSide)},showinfo`,
    '-vsync',
    'passthrough',
    '-frames:v',
    String(thresholds.length),
    '-c:v',
    'mjpeg',
    '-q:v',
    String(opts.qscale),
    '-f',
    'image2pipe',
    'pipe:1',
  ];
}

/** Runs ffmpeg and pairs each JPEG with the time showinfo printed for it (integer pts x time base). */
async function decode(
  input: string,
  args: string[],
  opts: DecodeOptions,
  stdin?: string,
): Promise<{ timeS: number; jpeg: Buffer }[]> {
  let timeBase: number | undefined;
  const times: number[] = [];
  const keys: boolean[] = [];
  const jpegs: Buffer[] = [];
  const splitter = new JpegStreamSplitter();
  await runMediaProcess(opts.ffmpegPath, args, {
    inputPath: input,
    signal: opts.signal,
    ...(stdin !== undefined ? { stdin } : {}),
    onStdout: (chunk) => jpegs.push(...splitter.push(chunk)),
    onStderrLine: (line) => {
      const tb = SHOWINFO_TIME_BASE.exec(line);
      if (tb && Number(tb[2]) > 0) timeBase = Number(tb[1]) / Number(tb[2]);
      const m = SHOWINFO_PTS.exec(line);
      // showinfo prints pts_time with 6 significant digits (0.01 s past 1000 s): the integer pts is exact.
      if (m) {
        times.push(timeBase !== undefined ? Number(m[1]) * timeBase : Number(m[2]));
        keys.push(SHOWINFO_KEY.exec(line)?.[1] === '1');
      }
    },
  });
  if (times.length !== jpegs.length || splitter.pendingBytes > 0) {
    throw new MediaProcessError(
      'ffmpeg',
      input,
      0,
      `frame output did not match (${jpegs.length} images, ${times.length} times)`,
    );
  }
  const frames = jpegs.map((jpeg, i) => ({ timeS: times[i]!, jpeg }));
  // Decoding keyframes alone, only a picture the decoder calls a keyframe stands on its own; another
  // build could hand out a recovery point of an intra-refresh stream, concealed grey, instead.
  return opts.decode === 'keyframes' ? frames.filter((_, i) => keys[i]) : frames;
}

function commonInputArgs(opts: DecodeOptions): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'info',
    '-nostats',
    '-threads',
    String(opts.threads),
    ...(opts.decode === 'references' ? ['-skip_frame', 'noref'] : []),
    // The demuxer hands over keyframe packets only (no reading of the rest: 0.3 s instead of 1 s
    // for the keyframes of three minutes of 720p), and the decoder skips anything else.
    ...(opts.decode === 'keyframes' ? ['-discard', 'nokey', '-skip_frame', 'nokey'] : []),
  ];
}

/**
 * One range by seeking: -ss to the range start, decoding from the keyframe before it; what comes
 * before the start is dropped and times count from it, so -t is the range's own length even when
 * the start is not a keyframe (a span from 5 s with keyframes at 0 and 20 s).
 */
async function decodeRangeBySeeking(input: string, range: DecodeRange, opts: DecodeOptions): Promise<DecodedFrame[]> {
  const seek = range.startS > 0 ? ['-ss', range.startS.toFixed(6)] : [];
  const args = [
    ...commonInputArgs(opts),
    '-nostdin',
    ...seek,
    '-t',
    (range.endS - range.startS).toFixed(3),
    '-i',
    fileArg(input),
    ...outputArgs(
      range.picks.map((p) => p.thresholdS - range.startS - EPSILON_S),
      opts,
    ),
  ];
  // Without -copyts, times count from the seek point.
  return (await decode(input, args, opts)).map((f) => ({ timeS: f.timeS + range.startS, jpeg: f.jpeg }));
}

/**
 * Decodes the ranges of one job (each starting on a keyframe) and returns the frames selected for
 * its picks, in order, with their times in the recording.
 */
export async function decodeRanges(
  input: string,
  ranges: readonly DecodeRange[],
  opts: DecodeOptions,
): Promise<DecodedFrame[]> {
  const quoted = concatQuoted(fileArg(input));
  if (ranges.length === 1 || quoted === null) {
    const out: DecodedFrame[] = [];
    for (const r of ranges) out.push(...(await decodeRangeBySeeking(input, r, opts)));
    return out;
  }
  // Each range becomes a file entry of its own on the concat timeline, RANGE_GAP_S apart.
  const lines = ['ffconcat version 1.0'];
  const starts: number[] = [];
  const thresholds: number[] = [];
  let at = 0;
  for (const r of ranges) {
    const span = r.endS - r.startS;
    lines.push(
      `file ${quoted}`,
      `inpoint ${(r.startS + opts.startTimeS).toFixed(6)}`,
      `outpoint ${(r.endS + opts.startTimeS).toFixed(6)}`,
      `duration ${(span + RANGE_GAP_S).toFixed(6)}`,
    );
    starts.push(at);
    for (const p of r.picks) thresholds.push(at + (p.thresholdS - r.startS) - EPSILON_S);
    at += span + RANGE_GAP_S;
  }
  const args = [
    ...commonInputArgs(opts),
    '-f',
    'concat',
    '-safe',
    '0',
    // The script names only the recording; nothing in it (or the file) may open anything else.
    '-protocol_whitelist',
    'file,pipe',
    '-i',
    'pipe:0',
    ...outputArgs(thresholds, opts),
  ];
  const frames = await decode(input, args, opts, lines.join('\n') + '\n');
  return frames.map((f) => {
    let i = starts.length - 1;
    while (i > 0 && f.timeS < starts[i]! - EPSILON_S) i--;
    return { timeS: f.timeS - starts[i]! + ranges[i]!.startS, jpeg: f.jpeg };
  });
}
