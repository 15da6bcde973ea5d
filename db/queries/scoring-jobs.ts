/** Scoring jobs: background_jobs of kind model_scoring, each holding the settings it was started with (never a key). */
import type { Db } from '../connection';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRow {
  id: number;
  kind: string;
  status: JobStatus;
  params: string;
  progress: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export const insertJob = (db: Db, kind: string, params: string, progress: string, at: string): number =>
  Number(
    db
      .prepare(
        `INSERT INTO background_jobs (kind, status, params, progress, created_at, updated_at) VALUES (?, 'running', ?, ?, ?, ?)`,
      )
      .run(kind, params, progress, at, at).lastInsertRowid,
  );

export const jobById = (db: Db, id: number, kind: string): JobRow | undefined =>
  db.prepare('SELECT * FROM background_jobs WHERE id = ? AND kind = ?').get(id, kind) as JobRow | undefined;

export const jobsWithStatus = (db: Db, kind: string, status: JobStatus): JobRow[] =>
  db.prepare('SELECT * FROM background_jobs WHERE kind = ? AND status = ? ORDER BY id').all(kind, status) as JobRow[];

/** A queued job taken by this process; false when another took it. */
export const takeQueuedJob = (db: Db, id: number, progress: string, at: string): boolean =>
  db
    .prepare(
      `UPDATE background_jobs SET status = 'running', progress = ?, updated_at = ? WHERE id = ? AND status = 'queued'`,
    )
    .run(progress, at, id).changes === 1;

export function setJobProgress(db: Db, id: number, progress: string, at: string): void {
  db.prepare('UPDATE background_jobs SET progress = ?, updated_at = ? WHERE id = ?').run(progress, at, id);
}

export function setJobStatus(db: Db, id: number, status: JobStatus, error: string | null, at: string): void {
  db.prepare('UPDATE background_jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?').run(
    status,
    error,
    at,
    id,
  );
}

export function requeueJob(db: Db, id: number, at: string): void {
  db.prepare(`UPDATE background_jobs SET status = 'queued', updated_at = ? WHERE id = ?`).run(at, id);
}
