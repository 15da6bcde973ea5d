import { resolve } from 'node:path';
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { assertRegularFile, writeAtomically } from './file-checks';
import type { RecordingProbe } from './probe';
import { createProgressReporter } from './progress';

/*
 * When can the review screen play the original? Electron's Chromium (with its proprietary
 * codecs) decodes H.264, VP8, VP9 and AV1, and demuxes MP4/MOV and WebM. So the original plays
 * when it is:
 *   - MP4/MOV (ffprobe "mov,mp4,…") with H.264 (8-bit 4:2:0 only; High 10 / 4:2:2 camera
 *     footage is not decodable), VP9 or AV1, and audio AAC, MP3, Opus or FLAC (or none);
 *   - Matroska/WebM with VP8, VP9 or AV1 and Opus or Vorbis audio (or none): that is, a file
 *     whose codecs are WebM's. H.264-in-MKV is refused by Chromium, so it gets a proxy.
 * Everything else gets a proxy: HEVC (hardware-only and platform-dependent in Chromium), MJPEG,
 * MPEG-4 part 2, MPEG-2, DV, AVI/MKV/TS/FLV/WMV/3GP containers, PCM audio in MOV, and so on.
 */
const MP4_VIDEO = new Set(['h264', 'vp9', 'av1']);
const MP4_AUDIO = new Set(['aac', 'mp3', 'opus', 'flac']);
const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);
const H264_PLAYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p', 'nv12']);

export function needsPlayableProxy(probe: RecordingProbe): boolean {
  const parts = probe.container.split(',');
  const audioOk = (allowed: Set<string>) => probe.audioCodec === null || allowed.has(probe.audioCodec);
  if (parts.includes('mov') || parts.includes('mp4')) {
    if (!MP4_VIDEO.has(probe.videoCodec) || !audioOk(MP4_AUDIO)) return true;
    return (
      probe.videoCodec === 'h264' &&
      probe.pixelFormat !== undefined &&
      !H264_PLAYABLE_PIXEL_FORMATS.has(probe.pixelFormat)
    );
  }
  if (parts.includes('webm') || parts.includes('matroska')) {
    return !WEBM_VIDEO.has(probe.videoCodec) || !audioOk(WEBM_AUDIO);
  }
  return true;
}

export interface ProxyOptions {
  ffmpegPath: string;
  /** From the probe; the denominator of the progress fraction. */
  durationS: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Long side cap: 4K phone footage is reviewed fine at 1080p and encodes 4x faster. */
  maxLongSide?: number;
}

/** Square pixels, no enlargement, even dimensions (4:2:0 H.264 requires them). */
function proxyScaleFilter(maxLongSide: number): string {
  const m = Math.round(maxLongSide);
  const f = `min(1,${m}/max(iw,ih))`;
  return `scale=iw*sar:ih,setsar=1,scale=w='trunc(${f}*iw/2)*2':h='trunc(${f}*ih/2)*2'`;
}

function proxyArgs(input: string, output: string, maxLongSide: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-progress',
    'pipe:1',
    '-nostats',
    '-i',
    fileArg(input),
    // V (not v) skips cover-art pictures; the audio map is optional for silent recordings.
    '-map',
    '0:V:0',
    '-map',
    '0:a:0?',
    '-sn',
    '-dn',
    '-map_chapters',
    '-1',
    '-vf',
    proxyScaleFilter(maxLongSide),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    // Keep phone VFR timing instead of duplicating frames up to a nominal rate. (`-vsync` rather
    // than `-fps_mode` so older ffmpeg builds still accept it.)
    '-vsync',
    'vfr',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-max_muxing_queue_size',
    '4096',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-y',
    fileArg(output),
  ];
}

/**
 * Transcodes to H.264/AAC MP4 with the index up front (instant seeking in the player). Written
 * under a temporary name and renamed, so an error or cancel leaves no partial proxy behind.
 */
export async function makePlayableProxy(input: string, outMp4: string, options: ProxyOptions): Promise<void> {
  const abs = resolve(input);
  const out = resolve(outMp4);
  await assertRegularFile(abs);
  const report = options.onProgress ? createProgressReporter(options.durationS, options.onProgress) : undefined;
  await writeAtomically(out, async (temp) => {
    await runMediaProcess(options.ffmpegPath, proxyArgs(abs, temp, options.maxLongSide ?? 1920), {
      inputPath: abs,
      outputPath: out,
      signal: options.signal,
      onStdout: report ?? (() => {}),
    });
  });
}
