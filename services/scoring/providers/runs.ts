/**
 * Lists for the scoring UI: model runs newest first with the recording's label (the service's
 * listRuns is oldest first and parses every answer, which the list does not show), and stations
 * with their recording counts for "score a whole station".
 */
import type { Db } from '../../../db/connection';
import type { ModelRunItem, ModelRunStatus, ScoringStation } from '../../../contract/scoring';
import { recordingLabels } from './batch';

interface RunRow {
  id: number;
  recording_id: number;
  job_id: number | null;
  status: ModelRunStatus;
  host: string;
  model: string;
  task: string;
  mode: string;
  prompt_version: string;
  rubric_id: string;
  rubric_version: number;
  step_id: string | null;
  reason: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  attempts: number;
  created_at: string;
  finished_at: string | null;
  superseded_by: number | null;
  frame_spec: string;
  sent_frames: number;
}

export function listModelRuns(db: Db, filter: { recordingId?: number | undefined; jobId?: number | undefined; limit?: number | undefined }): ModelRunItem[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit ?? 200 };
  if (filter.recordingId !== undefined) {
    where.push('recording_id = @recordingId');
    params.recordingId = filter.recordingId;
  }
  if (filter.jobId !== undefined) {
    where.push('job_id = @jobId');
    params.jobId = filter.jobId;
  }
  const rows = db
    .prepare(
      `SELECT id, recording_id, job_id, status, host, model, task, mode, prompt_version, rubric_id, rubric_version, step_id, reason,
              prompt_tokens, completion_tokens, attempts, created_at, finished_at, superseded_by, frame_spec,
              (SELECT count(*) FROM model_run_frames f WHERE f.run_id = model_runs.id) AS sent_frames
       FROM model_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`,
    )
    .all(params) as RunRow[];
  const labels = recordingLabels(db, [...new Set(rows.map((r) => r.recording_id))]);
  return rows.map((r) => ({
    id: r.id, recordingId: r.recording_id, recordingLabel: labels.get(r.recording_id) ?? `Recording ${r.recording_id}`, jobId: r.job_id,
    status: r.status, host: r.host, model: r.model, task: r.task, mode: r.mode, promptVersion: r.prompt_version,
    rubric: `${r.rubric_id} v${r.rubric_version}`, stepId: r.step_id, reason: r.reason, promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens, attempts: r.attempts, createdAt: r.created_at, finishedAt: r.finished_at,
    superseded: r.superseded_by !== null,
    facesMasked: (JSON.parse(r.frame_spec) as { maskFaces?: boolean }).maskFaces === true,
    sentFrames: r.sent_frames,
  }));
}

export function listScoringStations(db: Db): ScoringStation[] {
  const rows = db
    .prepare(
      `SELECT st.id, st.session_id, s.name AS session_name, st.code, rb.title, st.rubric_version,
              (SELECT count(*) FROM recordings r WHERE r.station_id = st.id) AS recording_count
       FROM stations st JOIN exam_sessions s ON s.id = st.session_id
       LEFT JOIN rubrics rb ON rb.id = st.rubric_id AND rb.version = st.rubric_version
       ORDER BY s.name COLLATE NOCASE, st.code COLLATE NOCASE`,
    )
    .all() as { id: number; session_id: number; session_name: string; code: string; title: string | null; rubric_version: number; recording_count: number }[];
  return rows.map((r) => ({
    id: r.id, sessionId: r.session_id, sessionName: r.session_name, code: r.code,
    rubric: `${r.title ?? 'unknown rubric'} v${r.rubric_version}`, recordingCount: r.recording_count,
  }));
}
