/**
 * Turning "score these recordings" into runs: which recordings, what each run's key is, which
 * finished run can be reused, which queued run a crashed process left behind can be adopted, and
 * what the batch will roughly cost. Planning happens in one write transaction so two processes
 * planning the same batch cannot both queue a run (the unique index backs this up).
 */
import type { Db } from '../../../db/connection';
import { modelScoresAgainstRun } from '../../../db/queries/marks';
import { moveRunToJob, queuedRunsOfJob, runAnswer } from '../../../db/queries/model-runs';
import { recordingById, recordingExists, recordingIdsWhere, stationExists } from '../../../db/queries/recordings';
import { NotFoundError } from '../../core/errors';
import { estimateBatch, type BatchEstimate, type EstimateItem } from './estimate';
import { closeEmptiedJobs, createScoringJob, type ScoringJobParams } from './jobs-store';
import type { PromptTemplate } from './prompts';
import { classifyHost } from './provider';
import {
  applySuggestions,
  findCurrentDoneRun,
  findLiveRun,
  insertQueuedRun,
  unheardOf,
  type RunRow,
} from './runs-store';
import { isSpoken } from '../../../domain/rubric/spoken';
import { hasRubricText, RUBRIC_LANGUAGE_NAMES, type RubricLanguage } from '../../../domain/rubric/texts';
import type { PlannedRun } from './score-run';
import {
  ensureModelRater,
  idempotencyKey,
  loadScoringTarget,
  loadStepSpans,
  type FrameSpec,
  type RunIdentity,
  type ScoringTarget,
} from './targets';

export interface RecordingSelection {
  recordingIds?: number[];
  stationId?: number;
  all?: boolean;
}

/** The recordings a selection names, in id order; an unknown id or station is an error naming it. */
export function selectRecordings(db: Db, sel: RecordingSelection): number[] {
  if (sel.all) return recordingIdsWhere(db, { all: true });
  if (sel.stationId !== undefined) {
    if (!stationExists(db, sel.stationId)) throw new NotFoundError(`Station ${sel.stationId}`);
    return recordingIdsWhere(db, { stationId: sel.stationId });
  }
  const ids = [...new Set(sel.recordingIds ?? [])];
  for (const id of ids) {
    if (!recordingExists(db, id)) throw new NotFoundError(`Recording ${id}`);
  }
  return ids.sort((a, b) => a - b);
}

export interface RecordingResult {
  recording_id: number;
  run_id: number | null;
  status: 'done' | 'failed' | 'cancelled';
  reason: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  /** True when an identical finished run was reused and nothing was sent. */
  reused: boolean;
}

export interface BatchPlan {
  jobId: number;
  runs: PlannedRun[];
  /** Recordings settled without a request: reused runs, and ones that cannot be scored as asked. */
  settled: RecordingResult[];
}

/**
 * What one run sends: the frames, and the audio where the configuration sends it and the recording
 * has it. Without audio, the steps that depend on speech (and would be sent) are not asked.
 */
function frameSpecFor(target: ScoringTarget, id: RunIdentity, db: Db): { spec: FrameSpec; unmarked: string[] } {
  const audio = id.audio && target.hasAudio;
  const base: FrameSpec = {
    count: id.provider.framesPerRequest,
    longSide: id.longSide,
    detail: id.provider.imageDetail,
    ...(id.provider.maskFaces ? { maskFaces: true as const } : {}),
    ...(audio ? { audio: true as const } : {}),
    ...(id.promptLanguage !== 'en' ? { promptLanguage: id.promptLanguage } : {}),
  };
  const unheard = (asked: readonly string[]) => {
    if (audio) return {};
    const ids = target.rubric.steps.filter((s) => isSpoken(s) && asked.includes(s.id)).map((s) => s.id);
    return ids.length ? { unheard: ids } : {};
  };
  if (id.mode === 'full') return { spec: { ...base, ...unheard(target.rubric.steps.map((s) => s.id)) }, unmarked: [] };
  const { spans, unmarked } = loadStepSpans(db, target);
  return { spec: { ...base, spans, ...unheard(spans.map((s) => s.stepId)) }, unmarked };
}

/** Makes the model rater's step scores match a reused run again, if a later run had replaced them. */
function resyncSuggestions(db: Db, run: RunRow, target: ScoringTarget): void {
  const { fromOthers: stale, fromRun: present } = modelScoresAgainstRun(db, run.recording_id, run.rater_id, run.id);
  const answer = runAnswer(db, run.id);
  const expected = answer ? Object.keys(answer.steps).length + unheardOf(run).length : 0;
  if (!answer || (stale === 0 && present === expected)) return;
  applySuggestions(db, run, answer, target.rubric);
}

/** The run asks for the rubric in a language its version has no text in: refused, nothing sent. */
function noRubricText(target: ScoringTarget, language: RubricLanguage): string {
  const { id, version } = target.rubric;
  return `recording ${target.recording.id}: rubric ${id} version ${version} has no ${RUBRIC_LANGUAGE_NAMES[language]} text to put in the prompt; add it in the rubric editor or score with the English prompt`;
}

const settledFailure = (recordingId: number, reason: string): RecordingResult => ({
  recording_id: recordingId,
  run_id: null,
  status: 'failed',
  reason,
  prompt_tokens: null,
  completion_tokens: null,
  reused: false,
});

/** Creates the job and its queued runs; reuses and adopts where the key says so. */
export function planBatch(db: Db, params: ScoringJobParams, template: PromptTemplate, actor: string): BatchPlan {
  const id: RunIdentity = {
    provider: params.provider,
    task: params.task,
    mode: params.mode,
    prompt: template,
    longSide: params.longSide,
    audio: params.audio ?? false,
    promptLanguage: params.promptLanguage ?? 'en',
  };
  const host = classifyHost(params.provider.baseUrl).host;
  return db
    .transaction((): BatchPlan => {
      const jobId = createScoringJob(db, params, actor);
      const raterId = ensureModelRater(db, id);
      const runs: PlannedRun[] = [];
      const settled: RecordingResult[] = [];
      const adoptedFrom = new Set<number>();
      for (const recordingId of params.recordingIds) {
        let target: ScoringTarget;
        try {
          target = loadScoringTarget(db, recordingId);
        } catch (err) {
          settled.push(settledFailure(recordingId, (err as Error).message));
          continue;
        }
        if (!hasRubricText(target.rubric, id.promptLanguage)) {
          settled.push(settledFailure(recordingId, noRubricText(target, id.promptLanguage)));
          continue;
        }
        const { spec, unmarked } = frameSpecFor(target, id, db);
        if (params.mode === 'clips' && !spec.spans?.length) {
          settled.push(
            settledFailure(
              recordingId,
              `recording ${recordingId}: no rubric step has a marked time span, so clip mode has nothing to send`,
            ),
          );
          continue;
        }
        const key = idempotencyKey(target, id, spec);
        const done = params.force ? undefined : findCurrentDoneRun(db, key);
        if (done) {
          resyncSuggestions(db, done, target);
          settled.push({
            recording_id: recordingId,
            run_id: done.id,
            status: 'done',
            reason: done.reason,
            prompt_tokens: done.prompt_tokens,
            completion_tokens: done.completion_tokens,
            reused: true,
          });
          continue;
        }
        const live = findLiveRun(db, key);
        let runId: number;
        if (live?.status === 'running') {
          settled.push(
            settledFailure(
              recordingId,
              `recording ${recordingId} is being scored with these settings by another process (${live.worker ?? 'unknown'})`,
            ),
          );
          continue;
        } else if (live) {
          // A queued run left by an interrupted job: resume that very row, so nothing is duplicated.
          if (live.job_id !== null) adoptedFrom.add(live.job_id);
          moveRunToJob(db, live.id, jobId);
          runId = live.id;
        } else {
          runId = insertQueuedRun(db, {
            job_id: jobId,
            recording_id: recordingId,
            rater_id: raterId,
            idempotency_key: key,
            provider: params.provider.kind,
            host,
            model: params.provider.model,
            task: params.task,
            mode: params.mode,
            prompt_version: template.id,
            prompt_hash: template.hash,
            rubric_id: target.rubric.id,
            rubric_version: target.rubric.version,
            frame_spec: JSON.stringify(spec),
            temperature: params.provider.temperature,
            seed: params.provider.seed ?? null,
          });
        }
        runs.push({ runId, target, frameSpec: spec, unmarked });
      }
      closeEmptiedJobs(db, adoptedFrom, jobId, actor);
      return { jobId, runs, settled };
    })
    .immediate();
}

/** A resumed job's queued runs, rebuilt from what the rows stored. */
export function plannedRunsOfJob(db: Db, jobId: number): { runs: PlannedRun[]; settled: RecordingResult[] } {
  const rows = queuedRunsOfJob(db, jobId);
  const runs: PlannedRun[] = [];
  const settled: RecordingResult[] = [];
  for (const row of rows) {
    try {
      const target = loadScoringTarget(db, row.recording_id);
      const spec = JSON.parse(row.frame_spec) as FrameSpec;
      const marked = new Set((spec.spans ?? []).map((s) => s.stepId));
      const unmarked =
        row.mode === 'clips' ? target.rubric.steps.filter((s) => !marked.has(s.id)).map((s) => s.id) : [];
      runs.push({ runId: row.id, target, frameSpec: spec, unmarked });
    } catch (err) {
      settled.push({ ...settledFailure(row.recording_id, (err as Error).message), run_id: row.id });
    }
  }
  return { runs, settled };
}

/** Rough tokens before anything is sent (see estimate.ts for what the numbers mean). */
export function estimateForRecordings(
  db: Db,
  params: Omit<ScoringJobParams, 'force'>,
  template: PromptTemplate,
): BatchEstimate {
  const id: RunIdentity = {
    provider: params.provider,
    task: params.task,
    mode: params.mode,
    prompt: template,
    longSide: params.longSide,
    audio: params.audio ?? false,
    promptLanguage: params.promptLanguage ?? 'en',
  };
  const items: EstimateItem[] = [];
  for (const recordingId of params.recordingIds) {
    let target: ScoringTarget;
    try {
      target = loadScoringTarget(db, recordingId);
    } catch {
      continue;
    }
    const size = recordingById(db, recordingId)!;
    const { spec } = frameSpecFor(target, id, db);
    items.push({
      rubric: target.rubric,
      durationS: target.recording.durationS,
      width: size.width,
      height: size.height,
      ...(spec.spans ? { spans: spec.spans } : {}),
      ...(spec.audio ? { audio: true } : {}),
      ...(spec.unheard ? { unheard: spec.unheard } : {}),
    });
  }
  return estimateBatch(params.provider, template, params.longSide, items);
}
