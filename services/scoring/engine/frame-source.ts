/**
 * The one small interface scoring needs from media: "give me N frames of this recording (or of
 * this span), with their times". Scoring depends on this, not on ffmpeg, so tests inject fake
 * frames and the benchmark can measure extraction separately.
 */
import {
  DEFAULT_FRAME_LONG_SIDE,
  getOrSampleFrames,
  locateMediaBinaries,
  probeRecording,
  sampleFrames,
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

/** Frames from services/media (cached on disk per recording hash and spec). */
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
  return {
    async frames(req) {
      const bin = locate();
      const spec = {
        count: req.count,
        longSide: req.longSide,
        ...(req.fromS !== undefined ? { fromS: req.fromS } : {}),
        ...(req.toS !== undefined ? { toS: req.toS } : {}),
      };
      const sampled = await getOrSampleFrames(opts.cacheDir, req.recording.sha256, spec, async () => {
        // Probed afresh rather than rebuilt from the recordings row: sampling must see the file as it is.
        const probe = await probeRecording(req.recording.storedPath, { ffprobePath: bin.ffprobe, signal: req.signal });
        return sampleFrames(req.recording.storedPath, {
          ...spec,
          ffmpegPath: bin.ffmpeg,
          ffprobePath: bin.ffprobe,
          probe,
          signal: req.signal,
        });
      });
      return { frames: distinctFrames(sampled.frames), method: sampled.method };
    },
  };
}
