/** The frames each model run sent, exactly as sent: the bytes once per content hash, linked from each run. */
import { createHash } from 'node:crypto';
import type { Db } from '../connection';

export interface SentFrameRow {
  step_id: string | null;
  position: number;
  timestamp_s: number;
  masked_regions: number;
  jpeg: Buffer;
}

/** Stores a run's frames in the order sent; the bytes once per content hash. */
export function insertSentFrames(
  db: Db,
  runId: number,
  stepId: string | null,
  frames: readonly { timestampS: number; jpeg: Buffer; maskedRegions: number }[],
): void {
  const putBytes = db.prepare(
    'INSERT INTO sent_frames (sha256, jpeg, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING',
  );
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

/** A run's frames in the order they were sent (step by step in clip mode). */
export const sentFrameRows = (db: Db, runId: number): SentFrameRow[] =>
  db
    .prepare(
      `SELECT f.step_id, f.position, f.timestamp_s, f.masked_regions, s.jpeg FROM model_run_frames f
       JOIN sent_frames s ON s.sha256 = f.sha256 WHERE f.run_id = ? ORDER BY f.id`,
    )
    .all(runId) as SentFrameRow[];
