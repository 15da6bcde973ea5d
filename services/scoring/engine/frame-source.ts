/**
 * The one small interface scoring needs from media: "give me N frames of this recording (or of
 * this span), with their times". Scoring depends on this, not on ffmpeg, so tests inject fake
 * frames and the benchmark can measure extraction separately.
 */
import {
  DEFAULT_FRAME_LONG_SIDE,
  getOrSampleFrames,
  locateMediaBinaries,
  sampleFrames,
  type KeyframeIndex,
} from '../../media';

export interface ScoringFrame {
  /** Presentation time of the decoded frame, seconds from the recording start. */
  timestampS: number;
  jpeg: Buffer;
}

export interface RecordingForFrames {
  id: number;
  sha256: string;
  storedPath: string;
  durationS: number;
  /** The frame rate the import probed (null when the container does not say). */
  fps?: number | null;
}

export interface FrameRequest {
  recording: RecordingForFrames;
  count: number;
  fromS?: number;
  toS?: number;
  longSide: number;
  signal: AbortSignal;
}

export interface FrameSource {
  /** Frames in time order with distinct times (fewer than asked when a short span repeats a frame). */
  frames(req: FrameRequest): Promise<{ frames: ScoringFrame[]; method: string }>;
}

export const DEFAULT_LONG_SIDE = DEFAULT_FRAME_LONG_SIDE;

/** Drops repeats: a short clip can map two grid points to one decoded frame; sending it twice only costs tokens. */
export function distinctFrames(frames: readonly ScoringFrame[]): ScoringFrame[] {
  const seen = new Set<string>();
  const out: ScoringFrame[] = [];
  for (const f of [...frames].sort((a, b) => a.timestampS - b.timestampS)) {
    const key = f.timestampS.toFixed(3);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ timestampS: f.timestampS, jpeg: f.jpeg });
  }
  return out;
}

export interface MediaFrameSourceOptions {
  cacheDir: string;
  /** The binaries to run (a context's ctx.media.binaries); otherwise found the documented way, without settings, on first use. */
  binaries?: () => { ffmpeg: string; ffprobe: string };
}

/** Keyframe lists kept per recording hash for the process's life: clip mode samples one recording many times. */
const KEYFRAME_LISTS_KEPT = 256;

/**
 * Frames from services/media (cached on disk per recording hash and spec). The recording's stored
 * probe (duration, frame rate) is used as it is: the file is the one the import hashed (file checks
 * watch it), so probing it again would only cost a process per recording.
 */
export function mediaFrameSource(opts: MediaFrameSourceOptions): FrameSource {
  let found: { ffmpeg: string; ffprobe: string } | undefined;
  const locate =
    opts.binaries ??
    (() => {
      if (!found) {
        const tools = locateMediaBinaries();
        found = { ffmpeg: tools.ffmpeg.path, ffprobe: tools.ffprobe.path };
      }
      return found;
    });
  const keyframes = new Map<string, KeyframeIndex>();
  return {
    async frames(req) {
      const bin = locate();
      const spec = {
        count: req.count,
        longSide: req.longSide,
        ...(req.fromS !== undefined ? { fromS: req.fromS } : {}),
        ...(req.toS !== undefined ? { toS: req.toS } : {}),
      };
      const { sha256, storedPath, durationS } = req.recording;
      const sampled = await getOrSampleFrames(opts.cacheDir, sha256, spec, async () => {
        const known = keyframes.get(sha256);
        const result = await sampleFrames(storedPath, {
          ...spec,
          ffmpegPath: bin.ffmpeg,
          ffprobePath: bin.ffprobe,
          probe: { durationS, fps: req.recording.fps ?? 0 },
          ...(known ? { keyframes: known } : {}),
          // A batch extracts several recordings at once: one process per recording (or clip) is enough.
          parallelism: 1,
          signal: req.signal,
        });
        if (result.keyframes && !known) {
          if (keyframes.size >= KEYFRAME_LISTS_KEPT) keyframes.delete(keyframes.keys().next().value!);
          keyframes.set(sha256, result.keyframes);
        }
        return result;
      });
      return { frames: distinctFrames(sampled.frames), method: sampled.method };
    },
  };
}
