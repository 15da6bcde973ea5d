/**
 * Model runs (queued → running → done | rejected | failed | cancelled), the accepted answer of
 * each, and the step scores with the run behind each suggestion (scoring-jobs.ts and
 * sent-frames.ts hold the jobs and the frames sent).
 */
import type { ExtractedFrom, ParsedAnswer, StepJudgement } from '../../domain/scoring/answer';
import type { Db } from '../connection';

export type RunStatus = 'queued' | 'running' | 'done' | 'rejected' | 'failed' | 'cancelled';

/** One row of `model_runs`. */
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
  /** Emptied by migration 8: answers live in model_run_answers. */
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
  answer_extracted_from: ExtractedFrom | null;
}

export type NewRun = Pick<
  RunRow,
  | 'job_id'
  | 'recording_id'
  | 'rater_id'
  | 'idempotency_key'
  | 'provider'
  | 'host'
  | 'model'
  | 'task'
  | 'mode'
  | 'prompt_version'
  | 'prompt_hash'
  | 'rubric_id'
  | 'rubric_version'
  | 'frame_spec'
  | 'temperature'
  | 'seed'
>;

export const runById = (db: Db, id: number): RunRow | undefined =>
  db.prepare('SELECT * FROM model_runs WHERE id = ?').get(id) as RunRow | undefined;

/** The finished run a new request with this key would duplicate. */
export const currentDoneRun = (db: Db, key: string): RunRow | undefined =>
  db
    .prepare(`SELECT * FROM model_runs WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL`)
    .get(key) as RunRow | undefined;

export const liveRun = (db: Db, key: string): RunRow | undefined =>
  db.prepare(`SELECT * FROM model_runs WHERE idempotency_key = ? AND status IN ('queued', 'running')`).get(key) as
    RunRow | undefined;

export const queuedRunsOfJob = (db: Db, jobId: number): RunRow[] =>
  db.prepare(`SELECT * FROM model_runs WHERE job_id = ? AND status = 'queued' ORDER BY id`).all(jobId) as RunRow[];

export const liveRunCountOfJob = (db: Db, jobId: number): number =>
  db
    .prepare(`SELECT count(*) FROM model_runs WHERE job_id = ? AND status IN ('queued', 'running')`)
    .pluck()
    .get(jobId) as number;

/** Why the latest run of a recording in a job ended as it did. */
export const latestRunReason = (db: Db, jobId: number, recordingId: number): string | null | undefined =>
  db
    .prepare('SELECT reason FROM model_runs WHERE job_id = ? AND recording_id = ? ORDER BY id DESC LIMIT 1')
    .pluck()
    .get(jobId, recordingId) as string | null | undefined;

export interface RunListFilter {
  recordingId?: number | undefined;
  jobId?: number | undefined;
  limit?: number | undefined;
}

/** Runs with how many frames each stored as sent, newest or oldest first. */
/** A run as lists show it: everything but the raw answer and the frame times, which lists never show. */
export type RunListRow = Omit<RunRow, 'raw_response' | 'parsed' | 'frame_timestamps'> & { sent_frames: number };

export function runRows(db: Db, filter: RunListFilter, order: 'newest' | 'oldest'): RunListRow[] {
  const where: string[] = [];
  if (filter.recordingId !== undefined) where.push('recording_id = @recordingId');
  if (filter.jobId !== undefined) where.push('job_id = @jobId');
  return (
    db
      .prepare(
        `SELECT id, job_id, recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode, prompt_version,
              prompt_hash, rubric_id, rubric_version, frame_spec, temperature, seed, reason, prompt_tokens, completion_tokens,
              attempts, created_at, started_at, finished_at, worker, superseded_by, step_id, answer_extracted_from,
              (SELECT count(*) FROM model_run_frames f WHERE f.run_id = model_runs.id) AS sent_frames
       FROM model_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT @limit`,
      )
      // LIMIT -1 is SQLite for "no limit".
      .all({
        recordingId: filter.recordingId ?? null,
        jobId: filter.jobId ?? null,
        limit: filter.limit ?? -1,
      }) as RunListRow[]
  );
}

export function insertQueuedRun(db: Db, r: NewRun, at: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO model_runs (job_id, recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode,
           prompt_version, prompt_hash, rubric_id, rubric_version, frame_spec, temperature, seed, created_at)
         VALUES (@job_id, @recording_id, @rater_id, @idempotency_key, 'queued', @provider, @host, @model, @task, @mode,
           @prompt_version, @prompt_hash, @rubric_id, @rubric_version, @frame_spec, @temperature, @seed, @created_at)`,
      )
      .run({ ...r, created_at: at }).lastInsertRowid,
  );
}

/** Takes a queued run for a worker; false when another worker got it first. */
export const claimQueuedRun = (db: Db, runId: number, worker: string, at: string): boolean =>
  db
    .prepare(`UPDATE model_runs SET status = 'running', worker = ?, started_at = ? WHERE id = ? AND status = 'queued'`)
    .run(worker, at, runId).changes === 1;

export function moveRunToJob(db: Db, runId: number, jobId: number): void {
  db.prepare('UPDATE model_runs SET job_id = ? WHERE id = ?').run(jobId, runId);
}

export function countAttempt(db: Db, runId: number): void {
  db.prepare('UPDATE model_runs SET attempts = attempts + 1 WHERE id = ?').run(runId);
}

/** A `rejected` copy of a run holding one unusable answer; returns its id. */
export function insertRejectedCopy(
  db: Db,
  runId: number,
  a: {
    raw: string;
    reason: string;
    promptTokens: number | null;
    completionTokens: number | null;
    stepId: string | null;
    frameTimestamps: string;
    at: string;
  },
): number {
  return Number(
    db
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
        id: runId,
        raw: a.raw,
        reason: a.reason,
        pt: a.promptTokens,
        ct: a.completionTokens,
        now: a.at,
        step: a.stepId,
        frames: a.frameTimestamps,
      }).lastInsertRowid,
  );
}

/** Marks the other current finished runs of a key as replaced by this one. */
export function supersedeOthers(db: Db, run: Pick<RunRow, 'id' | 'idempotency_key'>): void {
  db.prepare(
    `UPDATE model_runs SET superseded_by = ? WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL AND id <> ?`,
  ).run(run.id, run.idempotency_key, run.id);
}

export function markRunDone(
  db: Db,
  runId: number,
  d: {
    raw: string;
    reason: string | null;
    promptTokens: number | null;
    completionTokens: number | null;
    frameTimestamps: string;
    at: string;
  },
): void {
  db.prepare(
    `UPDATE model_runs SET status = 'done', raw_response = ?, reason = ?, prompt_tokens = ?, completion_tokens = ?,
       frame_timestamps = ?, finished_at = ? WHERE id = ?`,
  ).run(d.raw, d.reason, d.promptTokens, d.completionTokens, d.frameTimestamps, d.at, runId);
}

// ---- the accepted answer of a run, one typed row per judged step

interface AnswerRow {
  step_id: string;
  score: number | null;
  correct: number | null;
  rationale: string;
  evidence_s: string;
}

/** Evidence times as stored: a JSON array the schema checks; anything but a finite time is dropped. */
export const evidenceTimes = (json: string | null): number[] =>
  json === null
    ? []
    : (JSON.parse(json) as unknown[]).filter((t): t is number => typeof t === 'number' && Number.isFinite(t));

const judgementOf = (r: AnswerRow): StepJudgement => ({
  rationale: r.rationale,
  evidence_s: evidenceTimes(r.evidence_s),
  ...(r.score !== null ? { score: r.score } : {}),
  ...(r.correct !== null ? { correct: r.correct === 1 } : {}),
});

/** Stores a validated answer as the run's answer (call in the run's own transaction). */
export function insertRunAnswer(db: Db, runId: number, answer: ParsedAnswer): void {
  const put = db.prepare(
    'INSERT INTO model_run_answers (run_id, step_id, score, correct, rationale, evidence_s) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const [stepId, j] of Object.entries(answer.steps)) {
    const score = answer.task === 'score' ? (j.score ?? null) : null;
    const correct = answer.task === 'binary' ? (j.correct ? 1 : 0) : null;
    put.run(runId, stepId, score, correct, j.rationale, JSON.stringify(j.evidence_s));
  }
  db.prepare('UPDATE model_runs SET answer_extracted_from = ? WHERE id = ?').run(answer.extractedFrom, runId);
}

/** A run's accepted answer, exactly as it was validated; null for a run without one. */
export function runAnswer(db: Db, runId: number): ParsedAnswer | null {
  const run = db.prepare('SELECT task, answer_extracted_from FROM model_runs WHERE id = ?').get(runId) as
    Pick<RunRow, 'task' | 'answer_extracted_from'> | undefined;
  const rows = db
    .prepare(
      'SELECT step_id, score, correct, rationale, evidence_s FROM model_run_answers WHERE run_id = ? ORDER BY rowid',
    )
    .all(runId) as AnswerRow[];
  if (!run || rows.length === 0) return null;
  return {
    task: run.task,
    steps: Object.fromEntries(rows.map((r) => [r.step_id, judgementOf(r)])),
    extractedFrom: run.answer_extracted_from ?? 'whole',
  };
}

/** Ends a live run; false when it had already ended. */
export function endLiveRun(
  db: Db,
  runId: number,
  e: {
    status: 'failed' | 'cancelled';
    reason: string;
    promptTokens: number | null;
    completionTokens: number | null;
    at: string;
  },
): boolean {
  return (
    db
      .prepare(
        `UPDATE model_runs SET status = ?, reason = ?, finished_at = ?,
           prompt_tokens = coalesce(?, prompt_tokens), completion_tokens = coalesce(?, completion_tokens)
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(e.status, e.reason, e.at, e.promptTokens, e.completionTokens, runId).changes === 1
  );
}

export const runningRuns = (db: Db): Pick<RunRow, 'id' | 'worker' | 'started_at' | 'job_id'>[] =>
  db.prepare(`SELECT id, worker, started_at, job_id FROM model_runs WHERE status = 'running'`).all() as Pick<
    RunRow,
    'id' | 'worker' | 'started_at' | 'job_id'
  >[];

export function requeueRun(db: Db, runId: number): void {
  db.prepare(
    `UPDATE model_runs SET status = 'queued', worker = NULL, started_at = NULL WHERE id = ? AND status = 'running'`,
  ).run(runId);
}

/**
 * Step scores with their rater and, for a model's suggestion, the settings of the run that made it
 * and that run's answer for the step (none for imported suggestions): what the review shows beside a step.
 */
export interface RaterScoreRow {
  recording_id: number;
  rater_id: number;
  kind: 'examiner' | 'model';
  rater_name: string;
  rater_config: string;
  step_id: string;
  rubric_id: string;
  rubric_version: number;
  score: number | null;
  not_assessable: number;
  comment: string | null;
  run_id: number | null;
  provider: string | null;
  model: string | null;
  task: string | null;
  mode: string | null;
  prompt_version: string | null;
  /** From the run's answer: 1 correct, 0 an error (correct/error tasks), null otherwise. */
  correct: number | null;
  rationale: string | null;
  evidence_s: string | null;
}

/** Model suggestions of these recordings with their runs' settings and answers, by recording, rater and step. */
export function suggestionRows(db: Db, recordingIds: readonly number[]): RaterScoreRow[] {
  return db
    .prepare(
      `SELECT s.recording_id, s.rater_id, ra.kind, ra.name AS rater_name, ra.config AS rater_config, s.step_id,
              s.rubric_id, s.rubric_version, s.score, s.not_assessable, s.comment, s.run_id,
              mr.provider, mr.model, mr.task, mr.mode, mr.prompt_version, a.correct, a.rationale, a.evidence_s
       FROM step_scores s
       JOIN raters ra ON ra.id = s.rater_id
       LEFT JOIN model_runs mr ON mr.id = s.run_id
       LEFT JOIN model_run_answers a ON a.run_id = s.run_id AND a.step_id = s.step_id
       WHERE s.recording_id IN (SELECT value FROM json_each(@ids)) AND ra.kind = 'model'
       ORDER BY s.recording_id, s.rater_id, s.step_id`,
    )
    .all({ ids: JSON.stringify(recordingIds) }) as RaterScoreRow[];
}

/** What a report reads of each score: no rater names or run settings repeated on every row (see runSettingsOf). */
export type ReportScoreRow = Pick<
  RaterScoreRow,
  | 'recording_id'
  | 'rater_id'
  | 'kind'
  | 'step_id'
  | 'rubric_id'
  | 'rubric_version'
  | 'score'
  | 'not_assessable'
  | 'comment'
  | 'run_id'
>;

/** Examiner marks of submitted markings and every model suggestion of these recordings, in recording, rater, step order. */
export function reportScoreRows(db: Db, recordingIds: readonly number[]): ReportScoreRow[] {
  return db
    .prepare(
      `SELECT s.recording_id, s.rater_id, ra.kind, s.step_id, s.rubric_id, s.rubric_version, s.score, s.not_assessable,
              s.comment, s.run_id
       FROM step_scores s
       JOIN raters ra ON ra.id = s.rater_id
       LEFT JOIN markings m ON m.recording_id = s.recording_id AND m.rater_id = s.rater_id
       WHERE s.recording_id IN (SELECT value FROM json_each(@ids)) AND (ra.kind = 'model' OR m.status = 'submitted')
       ORDER BY s.recording_id, s.rater_id, s.step_id`,
    )
    .all({ ids: JSON.stringify(recordingIds) }) as ReportScoreRow[];
}

/** The settings of these runs (the configuration their suggestions belong to). */
export function runSettingsOf(
  db: Db,
  runIds: readonly number[],
): Pick<RunRow, 'id' | 'provider' | 'model' | 'task' | 'mode' | 'prompt_version'>[] {
  return db
    .prepare(
      `SELECT id, provider, model, task, mode, prompt_version FROM model_runs
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(runIds)) as Pick<RunRow, 'id' | 'provider' | 'model' | 'task' | 'mode' | 'prompt_version'>[];
}
