/**
 * Model run records and their state changes: queued → running → done | failed | cancelled, plus
 * one `rejected` row per unusable answer. Every change that matters is one transaction with its
 * audit event, so a crash leaves either the old state or the new one, never a run marked done
 * without its suggestions or suggestions without their run.
 */
import { hostname } from 'node:os';
import type { Db } from '../../../db/connection';
import type { Rubric } from '../../../domain/rubric/types';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import { redact } from '../../core/log';
import type { ParsedAnswer } from './answer';

/** This process, as written on the runs it works on; a restart checks whether it still exists. */
export const THIS_WORKER = `${hostname()}:${process.pid}`;

export type RunStatus = 'queued' | 'running' | 'done' | 'rejected' | 'failed' | 'cancelled';

export interface RunRow {
  id: number;
  job_id: number | null;
  recording_id: number;
  rater_id: number;
  idempotency_key: string;
  status: RunStatus;
  provider: string;
  host: string;
  model: string;
  task: 'score' | 'binary';
  mode: 'full' | 'clips';
  prompt_version: string;
  prompt_hash: string;
  rubric_id: string;
  rubric_version: number;
  frame_spec: string;
  frame_timestamps: string | null;
  temperature: number | null;
  seed: number | null;
  raw_response: string | null;
  parsed: string | null;
  reason: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  worker: string | null;
  superseded_by: number | null;
  step_id: string | null;
}

export type NewRun = Pick<
  RunRow,
  | 'job_id' | 'recording_id' | 'rater_id' | 'idempotency_key' | 'provider' | 'host' | 'model' | 'task' | 'mode'
  | 'prompt_version' | 'prompt_hash' | 'rubric_id' | 'rubric_version' | 'frame_spec' | 'temperature' | 'seed'
>;

export function getRun(db: Db, id: number): RunRow | undefined {
  return db.prepare('SELECT * FROM model_runs WHERE id = ?').get(id) as RunRow | undefined;
}

/** The finished run a new request with this key would duplicate. */
export function findCurrentDoneRun(db: Db, key: string): RunRow | undefined {
  return db.prepare(`SELECT * FROM model_runs WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL`).get(key) as
    | RunRow
    | undefined;
}

export function findLiveRun(db: Db, key: string): RunRow | undefined {
  return db.prepare(`SELECT * FROM model_runs WHERE idempotency_key = ? AND status IN ('queued', 'running')`).get(key) as RunRow | undefined;
}

export function insertQueuedRun(db: Db, r: NewRun): number {
  const info = db
    .prepare(
      `INSERT INTO model_runs (job_id, recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode,
         prompt_version, prompt_hash, rubric_id, rubric_version, frame_spec, temperature, seed, created_at)
       VALUES (@job_id, @recording_id, @rater_id, @idempotency_key, 'queued', @provider, @host, @model, @task, @mode,
         @prompt_version, @prompt_hash, @rubric_id, @rubric_version, @frame_spec, @temperature, @seed, @created_at)`,
    )
    .run({ ...r, created_at: nowIso() });
  return Number(info.lastInsertRowid);
}

/** Takes a queued run for this process; false when another worker got it first. */
export function claimRun(db: Db, runId: number, worker = THIS_WORKER): boolean {
  return (
    db
      .prepare(`UPDATE model_runs SET status = 'running', worker = ?, started_at = ? WHERE id = ? AND status = 'queued'`)
      .run(worker, nowIso(), runId).changes === 1
  );
}

export interface OutboundRequest {
  runId: number;
  recordingId: number;
  host: string;
  model: string;
  frames: number;
  bytes: number;
  attempt: number;
  stepId?: string | null;
  /** json_schema, json_object or none: how the answer format was asked for. */
  answerFormat?: string;
  facesMasked?: boolean;
}

/** Written before each HTTP request leaves: what went where (never the key). */
export function recordOutboundRequest(db: Db, r: OutboundRequest, actor: string): void {
  db.transaction(() => {
    db.prepare('UPDATE model_runs SET attempts = attempts + 1 WHERE id = ?').run(r.runId);
    appendAudit(db, {
      actor,
      action: 'model_request',
      entity: 'model_run',
      entityId: r.runId,
      after: {
        recording_id: r.recordingId, host: r.host, model: r.model, frames: r.frames, bytes: r.bytes,
        http_attempt: r.attempt, ...(r.stepId ? { step_id: r.stepId } : {}),
        ...(r.answerFormat ? { answer_format: r.answerFormat } : {}), ...(r.facesMasked !== undefined ? { faces_masked: r.facesMasked } : {}), sent_at: nowIso(),
      },
    });
  })();
}

export interface Tokens {
  prompt: number | null;
  completion: number | null;
}

/** Keeps an unusable answer as its own `rejected` row (raw text and reason), never as a suggestion. */
export function recordRejectedAnswer(
  db: Db,
  runId: number,
  a: { raw: string; reason: string; tokens: Tokens; stepId: string | null; frameTimestamps: unknown },
  actor: string,
): number {
  return db.transaction(() => {
    const now = nowIso();
    const info = db
      .prepare(
        `INSERT INTO model_runs (job_id, recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode,
           prompt_version, prompt_hash, rubric_id, rubric_version, frame_spec, frame_timestamps, temperature, seed,
           raw_response, reason, prompt_tokens, completion_tokens, attempts, created_at, started_at, finished_at, worker, step_id)
         SELECT job_id, recording_id, rater_id, idempotency_key, 'rejected', provider, host, model, task, mode,
           prompt_version, prompt_hash, rubric_id, rubric_version, frame_spec, @frames, temperature, seed,
           @raw, @reason, @pt, @ct, 1, @now, started_at, @now, worker, @step
         FROM model_runs WHERE id = @id`,
      )
      .run({
        id: runId, raw: redact(a.raw), reason: redact(a.reason), pt: a.tokens.prompt, ct: a.tokens.completion, now,
        step: a.stepId, frames: JSON.stringify(a.frameTimestamps),
      });
    const rejectedId = Number(info.lastInsertRowid);
    appendAudit(db, {
      actor, action: 'model_answer_rejected', entity: 'model_run', entityId: rejectedId,
      after: { run_id: runId, reason: redact(a.reason), ...(a.stepId ? { step_id: a.stepId } : {}) },
    });
    return rejectedId;
  })();
}

/**
 * Step scores of the model rater for this recording become exactly this run's answer: suggestions
 * (source 'model', rater kind 'model'), never examiner marks. A binary answer is stored as full
 * marks (correct) or 0 (error), the same rule agreement uses to call a step an error, and the
 * rater's config says task 'binary' so nobody reads it as an ordinal score.
 */
export function applySuggestions(db: Db, run: RunRow, answer: ParsedAnswer, rubric: Rubric): void {
  const now = nowIso();
  const judged = Object.keys(answer.steps);
  db.prepare(
    `DELETE FROM step_scores WHERE recording_id = ? AND rater_id = ? AND source = 'model'
       AND step_id NOT IN (SELECT value FROM json_each(?))`,
  ).run(run.recording_id, run.rater_id, JSON.stringify(judged));
  const upsert = db.prepare(
    `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, comment, source, run_id, updated_at)
     VALUES (@rec, @rater, @rid, @rv, @step, @score, @comment, 'model', @run, @now)
     ON CONFLICT(recording_id, rater_id, step_id) DO UPDATE SET
       rubric_id = excluded.rubric_id, rubric_version = excluded.rubric_version, score = excluded.score,
       comment = excluded.comment, source = 'model', run_id = excluded.run_id, updated_at = excluded.updated_at`,
  );
  for (const [stepId, j] of Object.entries(answer.steps)) {
    const step = rubric.steps.find((s) => s.id === stepId)!;
    const score = answer.task === 'score' ? j.score! : j.correct ? step.max_points : 0;
    upsert.run({
      rec: run.recording_id, rater: run.rater_id, rid: run.rubric_id, rv: run.rubric_version, step: stepId, score,
      comment: redact(j.rationale), run: run.id, now,
    });
  }
}

export interface DoneFields {
  answer: ParsedAnswer;
  raw: string;
  tokens: Tokens;
  frameTimestamps: unknown;
  /** e.g. steps clip mode could not judge; stored as the run's reason so the examiner sees it. */
  note: string | null;
}

/** Accepts an answer: run done, predecessor superseded, suggestions written, audited, all at once. */
export function finishDone(db: Db, runId: number, d: DoneFields, rubric: Rubric, actor: string): boolean {
  return db.transaction(() => {
    const run = getRun(db, runId);
    if (!run || run.status !== 'running') return false;
    const now = nowIso();
    db.prepare(
      `UPDATE model_runs SET superseded_by = ? WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL AND id <> ?`,
    ).run(runId, run.idempotency_key, runId);
    db.prepare(
      `UPDATE model_runs SET status = 'done', raw_response = ?, parsed = ?, reason = ?, prompt_tokens = ?, completion_tokens = ?,
         frame_timestamps = ?, finished_at = ? WHERE id = ?`,
    ).run(redact(d.raw), JSON.stringify(d.answer), d.note, d.tokens.prompt, d.tokens.completion, JSON.stringify(d.frameTimestamps), now, runId);
    applySuggestions(db, run, d.answer, rubric);
    appendAudit(db, {
      actor, action: 'model_run_done', entity: 'model_run', entityId: runId,
      after: { recording_id: run.recording_id, rater_id: run.rater_id, steps: Object.keys(d.answer.steps).length, task: run.task, mode: run.mode },
    });
    return true;
  })();
}

/** Ends a run that did not produce a suggestion. Only a live run changes; a finished one stays as it is. */
export function finishUnsuccessful(
  db: Db,
  runId: number,
  status: 'failed' | 'cancelled',
  reason: string,
  actor: string,
  tokens: Tokens = { prompt: null, completion: null },
): boolean {
  return db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE model_runs SET status = ?, reason = ?, finished_at = ?,
           prompt_tokens = coalesce(?, prompt_tokens), completion_tokens = coalesce(?, completion_tokens)
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(status, redact(reason), nowIso(), tokens.prompt, tokens.completion, runId).changes;
    if (changed) appendAudit(db, { actor, action: `model_run_${status}`, entity: 'model_run', entityId: runId, after: { reason: redact(reason) } });
    return changed === 1;
  })();
}

export interface RecoveryOptions {
  /** Whether the process named by a run's worker still exists; default checks this machine's pids. */
  isAlive?: (worker: string) => boolean;
  /** A run 'running' for longer than this is taken back whatever its worker says (pid reuse). */
  staleAfterMs?: number;
}

export function workerIsAlive(worker: string): boolean {
  const m = /^(.*):(\d+)$/.exec(worker);
  // Another machine's process cannot be checked; the database is local, so it is not running here.
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * After a crash: runs left 'running' by a process that no longer exists go back to 'queued' (their
 * half-finished request left nothing behind but audit events), and so do their jobs. Nothing is
 * duplicated: the same row is resumed.
 */
export function recoverInterruptedRuns(db: Db, opts: RecoveryOptions = {}): { runs: number; jobs: number } {
  const isAlive = opts.isAlive ?? workerIsAlive;
  const staleBefore = new Date(Date.now() - (opts.staleAfterMs ?? 6 * 3600_000)).toISOString();
  return db.transaction(() => {
    const running = db.prepare(`SELECT id, worker, started_at, job_id FROM model_runs WHERE status = 'running'`).all() as {
      id: number; worker: string | null; started_at: string | null; job_id: number | null;
    }[];
    const orphaned = running.filter((r) => !r.worker || !isAlive(r.worker) || (r.started_at ?? '') < staleBefore);
    const requeue = db.prepare(`UPDATE model_runs SET status = 'queued', worker = NULL, started_at = NULL WHERE id = ? AND status = 'running'`);
    for (const r of orphaned) requeue.run(r.id);
    const jobs = db.prepare(`SELECT id, progress FROM background_jobs WHERE kind = 'model_scoring' AND status = 'running'`).all() as {
      id: number; progress: string;
    }[];
    let jobCount = 0;
    for (const j of jobs) {
      const worker = (JSON.parse(j.progress) as { worker?: string }).worker;
      if (worker && isAlive(worker)) continue;
      db.prepare(`UPDATE background_jobs SET status = 'queued', updated_at = ? WHERE id = ?`).run(nowIso(), j.id);
      jobCount++;
    }
    if (orphaned.length || jobCount) {
      appendAudit(db, { actor: 'app', action: 'model_runs_recovered', entity: 'model_run', after: { runs: orphaned.map((r) => r.id), jobs: jobCount } });
    }
    return { runs: orphaned.length, jobs: jobCount };
  })();
}
