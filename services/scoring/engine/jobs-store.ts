/**
 * Scoring jobs (background_jobs kind 'model_scoring') and the run listing. A job holds the provider
 * settings it was started with (never the key) so the app can resume it after a restart.
 */
import type { Db } from '../../../db/connection';
import { liveRunCountOfJob, runRows, type RunListFilter } from '../../../db/queries/model-runs';
import {
  insertJob,
  jobById,
  jobsWithStatus,
  setJobProgress,
  setJobStatus,
  takeQueuedJob,
  type JobStatus,
} from '../../../db/queries/scoring-jobs';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import type { ModelRunItem } from '../../../contract/scoring';
import type { RubricTextLanguage } from '../../../domain/rubric/types';
import type { ScoringMode, ScoringTask } from './prompts';
import type { ProviderConfig } from './provider';
import { THIS_WORKER } from './runs-store';

const SCORING_JOB_KIND = 'model_scoring';

export interface ScoringJobParams {
  provider: ProviderConfig;
  task: ScoringTask;
  mode: ScoringMode;
  longSide: number;
  force: boolean;
  recordingIds: number[];
  /** Send each recording's (or span's) audio where it has one; absent in jobs from before audio. */
  audio?: boolean;
  /** The rubric's language for the prompt; absent means English (the main text), as before. */
  promptLanguage?: RubricTextLanguage;
}

export interface JobProgress {
  worker: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  reused: number;
}

export type { JobStatus };

export function createScoringJob(db: Db, params: ScoringJobParams, actor: string): number {
  const now = nowIso();
  const progress: JobProgress = {
    worker: THIS_WORKER,
    total: params.recordingIds.length,
    done: 0,
    failed: 0,
    cancelled: 0,
    reused: 0,
  };
  const id = insertJob(db, SCORING_JOB_KIND, JSON.stringify(params), JSON.stringify(progress), now);
  appendAudit(db, {
    actor,
    action: 'create',
    entity: 'scoring_job',
    entityId: id,
    after: {
      host: new URL(params.provider.baseUrl).host,
      model: params.provider.model,
      task: params.task,
      mode: params.mode,
      recordings: params.recordingIds.length,
      force: params.force,
    },
  });
  return id;
}

export function getScoringJob(
  db: Db,
  id: number,
):
  | {
      id: number;
      status: JobStatus;
      params: ScoringJobParams;
      progress: JobProgress;
      error: string | null;
      createdAt: string;
    }
  | undefined {
  const row = jobById(db, id, SCORING_JOB_KIND);
  return (
    row && {
      id: row.id,
      status: row.status,
      error: row.error,
      createdAt: row.created_at,
      params: JSON.parse(row.params) as ScoringJobParams,
      progress: JSON.parse(row.progress) as JobProgress,
    }
  );
}

/** Jobs a restart should pick up (their process ended while they ran). */
export function resumableScoringJobs(db: Db): number[] {
  return jobsWithStatus(db, SCORING_JOB_KIND, 'queued').map((j) => j.id);
}

/** Marks the job as run by this process again (a resumed job). */
export function takeScoringJob(db: Db, id: number): boolean {
  const job = getScoringJob(db, id);
  if (!job || job.status !== 'queued') return false;
  return takeQueuedJob(db, id, JSON.stringify({ ...job.progress, worker: THIS_WORKER }), nowIso());
}

export function updateJobProgress(db: Db, id: number, progress: JobProgress): void {
  setJobProgress(db, id, JSON.stringify(progress), nowIso());
}

export function finishScoringJob(
  db: Db,
  id: number,
  status: Exclude<JobStatus, 'queued' | 'running'>,
  error: string | null,
  actor: string,
): void {
  db.transaction(() => {
    setJobStatus(db, id, status, error, nowIso());
    appendAudit(db, {
      actor,
      action: `scoring_job_${status}`,
      entity: 'scoring_job',
      entityId: id,
      after: error ? { error } : undefined,
    });
  })();
}

/**
 * Jobs whose runs another job took over (a restarted CLI adopts the queued runs of the job its
 * killed predecessor left): once nothing of theirs is left to do, they are closed with a note.
 */
export function closeEmptiedJobs(db: Db, jobIds: Iterable<number>, byJob: number, actor: string): void {
  for (const id of jobIds) {
    const job = getScoringJob(db, id);
    if (!job || (job.status !== 'queued' && job.status !== 'running')) continue;
    const left = liveRunCountOfJob(db, id);
    if (left === 0)
      finishScoringJob(
        db,
        id,
        'failed',
        `interrupted: the process running it ended; job ${byJob} resumed its runs`,
        actor,
      );
  }
}

/**
 * One model run as every list shows it: the app's runs list (ModelRunItem, which adds the
 * recording's label) and `osce runs` (which adds the run's answer).
 */
export type RunListItem = Omit<ModelRunItem, 'recordingLabel' | 'rubric' | 'superseded'> & {
  provider: string;
  rubricId: string;
  rubricVersion: number;
  supersededBy: number | null;
};

/** Runs, oldest first unless asked otherwise; all of them unless a limit is given. */
export function listRuns(db: Db, filter: RunListFilter = {}, order: 'oldest' | 'newest' = 'oldest'): RunListItem[] {
  return runRows(db, filter, order).map((r) => {
    const spec = JSON.parse(r.frame_spec) as {
      maskFaces?: boolean;
      audio?: boolean;
      unheard?: unknown;
      promptLanguage?: RubricTextLanguage;
    };
    return {
      id: r.id,
      recordingId: r.recording_id,
      jobId: r.job_id,
      status: r.status,
      provider: r.provider,
      host: r.host,
      model: r.model,
      task: r.task,
      mode: r.mode,
      promptVersion: r.prompt_version,
      rubricId: r.rubric_id,
      rubricVersion: r.rubric_version,
      stepId: r.step_id,
      reason: r.reason,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      attempts: r.attempts,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      supersededBy: r.superseded_by,
      facesMasked: spec.maskFaces === true,
      audioSent: spec.audio === true,
      promptLanguage: spec.promptLanguage ?? 'en',
      notAssessableFromVideo: Array.isArray(spec.unheard) ? spec.unheard.length : 0,
      sentFrames: r.sent_frames,
    };
  });
}
