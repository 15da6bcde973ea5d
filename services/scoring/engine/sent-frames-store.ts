/**
 * The frames a model run sent, exactly as sent: written before the request leaves (like the audit
 * event), so a request that fails still leaves a record of what went out. The bytes are stored
 * once per content hash; each run links to them with its position, time and masked regions.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/connection';
import type { SentFrame } from '../../../contract/scoring';

export interface FrameToStore {
  timestampS: number;
  jpeg: Buffer;
  maskedRegions: number;
}

export function storeSentFrames(db: Db, runId: number, stepId: string | null, frames: readonly FrameToStore[]): void {
  const putBytes = db.prepare('INSERT INTO sent_frames (sha256, jpeg, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING');
  const link = db.prepare(
    `INSERT INTO model_run_frames (run_id, step_id, position, timestamp_s, sha256, masked_regions) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  db.transaction(() => {
    frames.forEach((f, i) => {
      const sha = createHash('sha256').update(f.jpeg).digest('hex');
      putBytes.run(sha, f.jpeg, f.jpeg.length);
      link.run(runId, stepId, i, f.timestampS, sha, f.maskedRegions);
    });
  })();
}

export function sentFrameCount(db: Db, runId: number): number {
  return db.prepare('SELECT count(*) FROM model_run_frames WHERE run_id = ?').pluck().get(runId) as number;
}

/** The frames in the order they were sent (step by step in clip mode). */
export function listSentFrames(db: Db, runId: number): SentFrame[] {
  const rows = db
    .prepare(
      `SELECT f.step_id, f.position, f.timestamp_s, f.masked_regions, s.jpeg FROM model_run_frames f
       JOIN sent_frames s ON s.sha256 = f.sha256 WHERE f.run_id = ? ORDER BY f.id`,
    )
    .all(runId) as { step_id: string | null; position: number; timestamp_s: number; masked_regions: number; jpeg: Buffer }[];
  return rows.map((r) => ({
    stepId: r.step_id, position: r.position, timestampS: r.timestamp_s, maskedRegions: r.masked_regions,
    dataUrl: `data:image/jpeg;base64,${Buffer.from(r.jpeg).toString('base64')}`,
  }));
}
