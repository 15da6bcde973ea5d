/**
 * Model run records and their state changes: queued → running → done | failed | cancelled, plus
 * one `rejected` row per unusable answer. Every change that matters is one transaction with its
 * audit event, so a crash leaves either the old state or the new one, never a run marked done
 * without its suggestions or suggestions without their run.
 */
import { hostname } from 'node:os';
import type { Db } from '../../../db/connection';
import type { Rubric } from '../../../domain/rubric/types';
import { deleteModelScoresExcept, upsertModelScore } from '../../../db/queries/marks';
import { refreshReviewStatuses } from '../../review/review-status';
import {
  claimQueuedRun,
  countAttempt,
  currentDoneRun,
  endLiveRun,
  insertQueuedRun as insertQueued,
  insertRejectedCopy,
  insertRunAnswer,
  liveRun,
  markRunDone,
  requeueRun,
  runById,
  runningRuns,
  supersedeOthers,
  type NewRun,
  type RunRow,
  type RunStatus,
} from '../../../db/queries/model-runs';
import { jobsWithStatus, requeueJob } from '../../../db/queries/scoring-jobs';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import { redact } from '../../core/log';
import type { ParsedAnswer } from './answer';

/** This process, as written on the runs it works on; a restart checks whether it still exists. */
export const THIS_WORKER = `${hostname()}:${process.pid}`;

export type { NewRun, RunRow, RunStatus };
const getRun = runById;
export const findCurrentDoneRun = currentDoneRun;
export const findLiveRun = liveRun;
export const insertQueuedRun = (db: Db, r: NewRun): number => insertQueued(db, r, nowIso());

/** Takes a queued run for this process; false when another worker got it first. */
export function claimRun(db: Db, runId: number, worker = THIS_WORKER): boolean {
  return claimQueuedRun(db, runId, worker, nowIso());
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
  /** Bytes of audio in the request, when it carries the recording's sound. */
  audioBytes?: number;
}

/** Written before each HTTP request leaves: what went where (never the key). */
export function recordOutboundRequest(db: Db, r: OutboundRequest, actor: string): void {
  db.transaction(() => {
    countAttempt(db, r.runId);
    appendAudit(db, {
      actor,
      action: 'model_request',
      entity: 'model_run',
      entityId: r.runId,
      after: {
        recording_id: r.recordingId,
        host: r.host,
        model: r.model,
        frames: r.frames,
        bytes: r.bytes,
        http_attempt: r.attempt,
        ...(r.stepId ? { step_id: r.stepId } : {}),
        ...(r.answerFormat ? { answer_format: r.answerFormat } : {}),
        ...(r.facesMasked !== undefined ? { faces_masked: r.facesMasked } : {}),
        ...(r.audioBytes !== undefined ? { audio_bytes: r.audioBytes } : {}),
        sent_at: nowIso(),
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
    const rejectedId = insertRejectedCopy(db, runId, {
      raw: redact(a.raw),
      reason: redact(a.reason),
      promptTokens: a.tokens.prompt,
      completionTokens: a.tokens.completion,
      stepId: a.stepId,
      frameTimestamps: JSON.stringify(a.frameTimestamps),
      at: nowIso(),
    });
    appendAudit(db, {
      actor,
      action: 'model_answer_rejected',
      entity: 'model_run',
      entityId: rejectedId,
      after: { run_id: runId, reason: redact(a.reason), ...(a.stepId ? { step_id: a.stepId } : {}) },
    });
    return rejectedId;
  })();
}

/** Why a step the run did not ask about has no score (a model without audio). */
export const NOT_ASSESSABLE_FROM_VIDEO = 'not assessable from video: the step depends on speech and no audio was sent';

/** The steps a run did not ask because they depend on speech and it sent no audio (from its stored frame spec). */
export function unheardOf(run: Pick<RunRow, 'frame_spec'>): string[] {
  try {
    const spec = JSON.parse(run.frame_spec) as { unheard?: unknown };
    return Array.isArray(spec.unheard) ? spec.unheard.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Step scores of the model rater for this recording become exactly this run's answer: suggestions
 * (source 'model', rater kind 'model'), never examiner marks. A binary answer is stored as full
 * marks (correct) or 0 (error), the same rule agreement uses to call a step an error, and the
 * rater's config says task 'binary' so nobody reads it as an ordinal score. Steps the run did not
 * ask for lack of audio are stored as not assessable, so they are reported apart, never as 0.
 */
export function applySuggestions(db: Db, run: RunRow, answer: ParsedAnswer, rubric: Rubric): void {
  const now = nowIso();
  const unheard = unheardOf(run).filter((id) => !(id in answer.steps) && rubric.steps.some((s) => s.id === id));
  deleteModelScoresExcept(db, run.recording_id, run.rater_id, [...Object.keys(answer.steps), ...unheard]);
  for (const stepId of unheard) {
    upsertModelScore(db, {
      recording_id: run.recording_id,
      rater_id: run.rater_id,
      rubric_id: run.rubric_id,
      rubric_version: run.rubric_version,
      step_id: stepId,
      score: null,
      not_assessable: 1,
      not_assessable_reason: NOT_ASSESSABLE_FROM_VIDEO,
      comment: null,
      run_id: run.id,
      updated_at: now,
    });
  }
  for (const [stepId, j] of Object.entries(answer.steps)) {
    const step = rubric.steps.find((s) => s.id === stepId)!;
    const score = answer.task === 'score' ? j.score! : j.correct ? step.max_points : 0;
    upsertModelScore(db, {
      recording_id: run.recording_id,
      rater_id: run.rater_id,
      rubric_id: run.rubric_id,
      rubric_version: run.rubric_version,
      step_id: stepId,
      score,
      comment: redact(j.rationale),
      run_id: run.id,
      updated_at: now,
    });
  }
  // A first suggestion turns an unmarked recording into "suggestions ready", in this transaction.
  refreshReviewStatuses(db);
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
    supersedeOthers(db, run);
    markRunDone(db, runId, {
      raw: redact(d.raw),
      reason: d.note,
      promptTokens: d.tokens.prompt,
      completionTokens: d.tokens.completion,
      frameTimestamps: JSON.stringify(d.frameTimestamps),
      at: nowIso(),
    });
    // Stored redacted like the raw reply: a model may repeat anything it was sent, a key included.
    insertRunAnswer(db, runId, {
      ...d.answer,
      steps: Object.fromEntries(
        Object.entries(d.answer.steps).map(([id, j]) => [id, { ...j, rationale: redact(j.rationale) }]),
      ),
    });
    applySuggestions(db, run, d.answer, rubric);
    appendAudit(db, {
      actor,
      action: 'model_run_done',
      entity: 'model_run',
      entityId: runId,
      after: {
        recording_id: run.recording_id,
        rater_id: run.rater_id,
        steps: Object.keys(d.answer.steps).length,
        task: run.task,
        mode: run.mode,
      },
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
    const changed = endLiveRun(db, runId, {
      status,
      reason: redact(reason),
      promptTokens: tokens.prompt,
      completionTokens: tokens.completion,
      at: nowIso(),
    });
    if (changed)
      appendAudit(db, {
        actor,
        action: `model_run_${status}`,
        entity: 'model_run',
        entityId: runId,
        after: { reason: redact(reason) },
      });
    return changed;
  })();
}

export interface RecoveryOptions {
  /** Whether the process named by a run's worker still exists; default checks this machine's pids. */
  isAlive?: (worker: string) => boolean;
  /** A run 'running' for longer than this is taken back whatever its worker says (pid reuse). */
  staleAfterMs?: number;
}

function workerIsAlive(worker: string): boolean {
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
    const running = runningRuns(db);
    const orphaned = running.filter((r) => !r.worker || !isAlive(r.worker) || (r.started_at ?? '') < staleBefore);
    for (const r of orphaned) requeueRun(db, r.id);
    const jobs = jobsWithStatus(db, 'model_scoring', 'running');
    let jobCount = 0;
    for (const j of jobs) {
      const worker = (JSON.parse(j.progress) as { worker?: string }).worker;
      if (worker && isAlive(worker)) continue;
      requeueJob(db, j.id, nowIso());
      jobCount++;
    }
    if (orphaned.length || jobCount) {
      appendAudit(db, {
        actor: 'app',
        action: 'model_runs_recovered',
        entity: 'model_run',
        after: { runs: orphaned.map((r) => r.id), jobs: jobCount },
      });
    }
    return { runs: orphaned.length, jobs: jobCount };
  })();
}
