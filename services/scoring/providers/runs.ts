/** Lists for the scoring UI: model runs newest first with each recording's label, and stations with their recording counts. */
import type { Db } from '../../../db/connection';
import { listRuns } from '../engine';
import { stationOverview } from '../../../db/queries/recordings';
import type { ModelRunItem, ScoringStation } from '../../../contract/scoring';
import { recordingLabels } from './batch';

export function listModelRuns(
  db: Db,
  filter: { recordingId?: number | undefined; jobId?: number | undefined; limit?: number | undefined },
): ModelRunItem[] {
  const runs = listRuns(db, { ...filter, limit: filter.limit ?? 200 }, 'newest');
  const labels = recordingLabels(db, [...new Set(runs.map((r) => r.recordingId))]);
  return runs.map(({ rubricId, rubricVersion, supersededBy, provider: _provider, ...r }) => ({
    ...r,
    recordingLabel: labels.get(r.recordingId) ?? `Recording ${r.recordingId}`,
    rubric: `${rubricId} v${rubricVersion}`,
    superseded: supersededBy !== null,
  }));
}

export function listScoringStations(db: Db): ScoringStation[] {
  const rows = stationOverview(db);
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    sessionName: r.session_name,
    code: r.code,
    rubric: `${r.title ?? 'unknown rubric'} v${r.rubric_version}`,
    recordingCount: r.recording_count,
  }));
}
