/**
 * Lists for the scoring UI: model runs newest first with the recording's label (the service's
 * listRuns is oldest first and parses every answer, which the list does not show), and stations
 * with their recording counts for "score a whole station".
 */
import type { Db } from '../../../db/connection';
import { runRows } from '../../../db/queries/model-runs';
import { stationOverview } from '../../../db/queries/recordings';
import type { ModelRunItem, ModelRunStatus, ScoringStation } from '../../../contract/scoring';
import { recordingLabels } from './batch';

export function listModelRuns(db: Db, filter: { recordingId?: number | undefined; jobId?: number | undefined; limit?: number | undefined }): ModelRunItem[] {
  const rows = runRows(db, { ...filter, limit: filter.limit ?? 200 }, 'newest');
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
  const rows = stationOverview(db);
  return rows.map((r) => ({
    id: r.id, sessionId: r.session_id, sessionName: r.session_name, code: r.code,
    rubric: `${r.title ?? 'unknown rubric'} v${r.rubric_version}`, recordingCount: r.recording_count,
  }));
}
