import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MediaProcessError } from './errors';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { assertRegularFile, writeAtomically } from './file-checks';

export interface PosterOptions {
  ffmpegPath: string;
  /** Where to take the picture; see posterTimeS. */
  atS: number;
  longSide?: number;
  signal?: AbortSignal;
}

/**
 * ~10% into the recording: past the fade-in and the examiner's hand at the lens, before the
 * student leaves the frame. Short clips use their middle, capped at 1 s.
 */
export function posterTimeS(durationS: number): number {
  if (!(durationS > 0)) return 1;
  return Math.max(durationS * 0.1, Math.min(1, durationS / 2));
}

/**
 * Filter that makes pixels square (anamorphic capture cards) and then fits the picture into a
 * longSide box without ever enlarging it. ffmpeg has already applied rotation metadata by then.
 */
export function fitLongSideFilter(longSide: number): string {
  const l = Math.max(2, Math.round(longSide));
  return `scale=iw*sar:ih,setsar=1,scale='min(${l},iw)':'min(${l},ih)':force_original_aspect_ratio=decrease`;
}

/** Long side of a poster in pixels, unless asked otherwise. */
export const POSTER_LONG_SIDE = 320;

/**
 * A poster's input options and input (absolute path). Keyframe only: the keyframe at or before the
 * time decodes on its own, where the exact time can mean decoding everything from that keyframe on
 * (20 s of video with sparse keyframes) for a thumbnail; a second read is plenty, as without a
 * decodable keyframe (intra refresh) ffmpeg would otherwise read on to the end and find nothing.
 */
export function posterInputArgs(input: string, atS: number, keyframeOnly: boolean): string[] {
  return [
    ...(keyframeOnly ? ['-discard', 'nokey', '-skip_frame', 'nokey', '-noaccurate_seek', '-t', '1'] : []),
    ...['-ss', Math.max(0, atS).toFixed(3), '-i', fileArg(input)],
  ];
}

/** A poster's output options and output (absolute path), from the video of input `inputIndex`. */
export function posterOutputArgs(out: string, longSide: number, keyframeOnly: boolean, inputIndex = 0): string[] {
  return [
    ...['-map', `${inputIndex}:V:0`, '-an', '-sn', '-dn', '-frames:v', '1'],
    // The keyframe before the seek point has a negative time, which the default timing drops.
    ...(keyframeOnly ? ['-vsync', 'passthrough'] : []),
    ...['-vf', fitLongSideFilter(longSide), '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2', '-update', '1'],
    ...['-y', fileArg(out)],
  ];
}

async function grabFrame(
  ffmpegPath: string,
  input: string,
  out: string,
  atS: number,
  longSide: number,
  keyframeOnly: boolean,
  signal?: AbortSignal,
) {
  await runMediaProcess(
    ffmpegPath,
    [
      ...['-hide_banner', '-nostdin', '-v', 'error'],
      ...posterInputArgs(input, atS, keyframeOnly),
      ...posterOutputArgs(out, longSide, keyframeOnly),
    ],
    { inputPath: input, outputPath: out, signal },
  );
  return (await stat(out).catch(() => undefined))?.size ?? 0;
}

/** Writes a JPEG poster frame; the file appears complete or not at all. */
export async function makePoster(input: string, outJpeg: string, options: PosterOptions): Promise<void> {
  const abs = resolve(input);
  const out = resolve(outJpeg);
  const longSide = options.longSide ?? POSTER_LONG_SIDE;
  await assertRegularFile(abs);
  await writeAtomically(out, async (temp) => {
    let size = await grabFrame(options.ffmpegPath, abs, temp, options.atS, longSide, true, options.signal);
    // A stream whose keyframes the decoder does not flag (intra refresh) yields nothing that way.
    if (size === 0) size = await grabFrame(options.ffmpegPath, abs, temp, options.atS, longSide, false, options.signal);
    // A time past the last video frame (audio longer than video, wrong duration) yields nothing.
    if (size === 0 && options.atS > 0)
      size = await grabFrame(options.ffmpegPath, abs, temp, 0, longSide, false, options.signal);
    if (size === 0) throw new MediaProcessError('ffmpeg', abs, 0, 'no video frame could be decoded for the poster');
  });
}
