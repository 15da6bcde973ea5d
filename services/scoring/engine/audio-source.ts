/**
 * The one small interface scoring needs for sound: "give me the audio of this recording (or of
 * this span)", as a file a model can be sent. Scoring depends on this, not on ffmpeg, so tests can
 * inject audio and frame extraction stays as it is.
 */
import { extractAudioClip, type AudioClip } from '../../media';
import type { RecordingForFrames } from './frame-source';

export interface AudioRequest {
  recording: RecordingForFrames;
  fromS?: number;
  toS?: number;
  signal: AbortSignal;
}

export interface AudioSource {
  audio(req: AudioRequest): Promise<AudioClip>;
}

/** Audio made by ffmpeg (services/media/audio-clip.ts), WAV or MP3 under the size cap. */
export function mediaAudioSource(opts: { binaries: () => { ffmpeg: string }; maxBytes?: number }): AudioSource {
  return {
    audio: (req) =>
      extractAudioClip(req.recording.storedPath, {
        ffmpegPath: opts.binaries().ffmpeg,
        durationS: req.recording.durationS,
        signal: req.signal,
        ...(req.fromS !== undefined ? { fromS: req.fromS } : {}),
        ...(req.toS !== undefined ? { toS: req.toS } : {}),
        ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      }),
  };
}
