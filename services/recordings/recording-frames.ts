/**
 * Frames of a stored recording (for model scoring, feedback and `osce frames`): N frames spread
 * evenly over the recording or a span, taken from the imported file and cached on disk by
 * (recording hash, sampling spec).
 */
import { existsSync } from 'node:fs';
import { recordingById } from '../../db/queries/recordings';
import type { ServiceContext } from '../core/context';
import { NotFoundError } from '../core/errors';
import { RecordingFileMissingError } from './errors';
import { getOrSampleFrames, probeRecording, sampleFrames, type FrameSamplingSpec, type SampledFrames } from '../media';

export interface RecordingFramesRequest {
  recordingId: number;
  count: number;
  fromS?: number | undefined;
  toS?: number | undefined;
  /** Long side of each JPEG in pixels (default 768); smaller pictures are not enlarged. */
  longSide?: number | undefined;
  /** Every frame within 0.1 s of its point, never a nearby keyframe instead. */
  exactTimes?: boolean | undefined;
}

export interface RecordingFrames extends SampledFrames {
  fromCache: boolean;
  recording: { id: number; sha256: string; durationS: number };
}

export async function recordingFrames(
  ctx: ServiceContext,
  req: RecordingFramesRequest,
  signal?: AbortSignal,
): Promise<RecordingFrames> {
  const row = recordingById(ctx.db, req.recordingId);
  if (!row) throw new NotFoundError(`Recording ${req.recordingId}`);
  if (!existsSync(row.stored_path)) throw new RecordingFileMissingError(row.id, row.stored_path);
  const spec: FrameSamplingSpec = {
    count: req.count,
    ...(req.fromS !== undefined ? { fromS: req.fromS } : {}),
    ...(req.toS !== undefined ? { toS: req.toS } : {}),
    ...(req.longSide !== undefined ? { longSide: req.longSide } : {}),
    ...(req.exactTimes ? { exactTimes: true } : {}),
  };
  const bins = ctx.media.binaries();
  const result = await getOrSampleFrames(ctx.cacheDir, row.sha256, spec, async () => {
    // Probed afresh: sampling must see the file as it is, not as the row remembers it.
    const probe = await probeRecording(row.stored_path, { ffprobePath: bins.ffprobe, ...(signal ? { signal } : {}) });
    return sampleFrames(row.stored_path, {
      ...spec,
      ffmpegPath: bins.ffmpeg,
      ffprobePath: bins.ffprobe,
      probe,
      ...(signal ? { signal } : {}),
    });
  });
  return { ...result, recording: { id: row.id, sha256: row.sha256, durationS: row.duration_s } };
}
