/**
 * The frames a model run sent, exactly as sent: written before the request leaves (like the audit
 * event), so a request that fails still leaves a record of what went out. The bytes are stored
 * once per content hash; each run links to them with its position, time and masked regions.
 */
import type { Db } from '../../../db/connection';
import { insertSentFrames, sentFrameRows } from '../../../db/queries/sent-frames';
import type { SentFrame } from '../../../contract/scoring';

export interface FrameToStore {
  timestampS: number;
  jpeg: Buffer;
  maskedRegions: number;
}

export function storeSentFrames(db: Db, runId: number, stepId: string | null, frames: readonly FrameToStore[]): void {
  insertSentFrames(db, runId, stepId, frames);
}

/** The frames in the order they were sent (step by step in clip mode). */
export function listSentFrames(db: Db, runId: number): SentFrame[] {
  const rows = sentFrameRows(db, runId);
  return rows.map((r) => ({
    stepId: r.step_id,
    position: r.position,
    timestampS: r.timestamp_s,
    maskedRegions: r.masked_regions,
    dataUrl: `data:image/jpeg;base64,${Buffer.from(r.jpeg).toString('base64')}`,
  }));
}
