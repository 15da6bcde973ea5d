/**
 * Everything a report reads, loaded once for a scope (a session, a station or the whole lab):
 * recordings, raters, submitted markings, step scores, final scores and model configurations.
 * Reports and exports work from this snapshot so one report never mixes two database states.
 */
import type { Db } from '../../db/connection';
import type { ModelConfigInfo } from '../../contract/reports';
import { NotFoundError } from '../core/errors';
import { loadRecordingFinals, type RecordingFinals } from '../review/final-scores';
import { modelConfigOf, type RunSettings } from './model-configs';
import { createRubricLookup, type RubricLookup } from './rubric-lookup';

export interface ReportFilter {
  /** Exam session name. */
  session?: string | undefined;
  sessionId?: number | undefined;
  /** Station code or rubric id (e.g. "cpr"). */
  station?: string | undefined;
  /** One candidate's recordings only (trainee feedback never loads anyone else's). */
  candidate?: string | undefined;
}

export interface RecordingFacts {
  id: number;
  sha256: string;
  sessionId: number;
  sessionName: string;
  sessionDate: string | null;
  stationCode: string;
  rubricId: string;
  rubricVersion: number;
  candidateCode: string | null;
  durationS: number;
  storedPath: string;
  originalPath: string;
  storage: 'copy' | 'reference';
}

export interface RaterFacts {
  id: number;
  kind: 'examiner' | 'model';
  name: string;
}

export interface ScoreFacts {
  recordingId: number;
  raterId: number;
  stepId: string;
  rubricId: string;
  rubricVersion: number;
  score: number | null;
  notAssessable: boolean;
  comment: string | null;
  /** Model scores only: the configuration they belong to. */
  configKey: string | null;
}

export interface MarkingFacts {
  recordingId: number;
  raterId: number;
  /** Submission time (creation time as a fallback); orders an examiner's day. */
  at: string | null;
}

export interface LabDataset {
  filter: { session: string | null; station: string | null };
  recordings: RecordingFacts[];
  recordingById: Map<number, RecordingFacts>;
  raters: Map<number, RaterFacts>;
  /** Submitted examiner markings, in submission order per recording. */
  markings: MarkingFacts[];
  /** Examiner scores of submitted markings, and every model suggestion. */
  scores: ScoreFacts[];
  finals: Map<number, RecordingFinals>;
  modelConfigs: ModelConfigInfo[];
  rubrics: RubricLookup;
}

interface RecordingRow {
  id: number;
  sha256: string;
  session_id: number;
  session_name: string;
  exam_date: string | null;
  station_code: string;
  rubric_id: string;
  rubric_version: number;
  candidate_code: string | null;
  duration_s: number;
  stored_path: string;
  original_path: string;
  storage: 'copy' | 'reference';
}

interface ScoreRow {
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
}

function scopeWhere(db: Db, filter: ReportFilter): { sql: string; params: Record<string, unknown>; session: string | null } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  let session: string | null = null;
  if (filter.sessionId !== undefined) {
    const name = db.prepare('SELECT name FROM exam_sessions WHERE id = ?').pluck().get(filter.sessionId) as string | undefined;
    if (name === undefined) throw new NotFoundError(`Exam session ${filter.sessionId}`);
    session = name;
  } else if (filter.session !== undefined) {
    const found = db.prepare('SELECT name FROM exam_sessions WHERE name = ?').pluck().get(filter.session) as string | undefined;
    if (found === undefined) throw new NotFoundError(`Exam session '${filter.session}'`);
    session = found;
  }
  if (session !== null) {
    where.push('s.name = @session');
    params.session = session;
  }
  if (filter.station !== undefined) {
    const hits = db
      .prepare('SELECT count(*) FROM stations WHERE code = @station OR rubric_id = @station')
      .pluck()
      .get({ station: filter.station }) as number;
    if (hits === 0) throw new NotFoundError(`Station '${filter.station}' (a station code or rubric id)`);
    where.push('(st.code = @station OR st.rubric_id = @station)');
    params.station = filter.station;
  }
  if (filter.candidate !== undefined) {
    if (!db.prepare('SELECT 1 FROM candidates WHERE code = ?').get(filter.candidate)) {
      throw new NotFoundError(`Candidate '${filter.candidate}'`);
    }
    where.push('c.code = @candidate');
    params.candidate = filter.candidate;
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params, session };
}

export function loadLabDataset(db: Db, filter: ReportFilter = {}): LabDataset {
  // One read transaction: the app may be writing marks while a report is built.
  return db.transaction(() => load(db, filter))();
}

function load(db: Db, filter: ReportFilter): LabDataset {
  const scope = scopeWhere(db, filter);
  const rows = db
    .prepare(
      `SELECT r.id, r.sha256, r.session_id, s.name AS session_name, s.exam_date, st.code AS station_code,
              st.rubric_id, st.rubric_version, c.code AS candidate_code, r.duration_s, r.stored_path,
              r.original_path, r.storage
       FROM recordings r
       JOIN exam_sessions s ON s.id = r.session_id
       JOIN stations st ON st.id = r.station_id
       LEFT JOIN candidates c ON c.id = r.candidate_id
       ${scope.sql}
       ORDER BY r.id`,
    )
    .all(scope.params) as RecordingRow[];
  const recordings: RecordingFacts[] = rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    sessionId: r.session_id,
    sessionName: r.session_name,
    sessionDate: r.exam_date,
    stationCode: r.station_code,
    rubricId: r.rubric_id,
    rubricVersion: r.rubric_version,
    candidateCode: r.candidate_code,
    durationS: r.duration_s,
    storedPath: r.stored_path,
    originalPath: r.original_path,
    storage: r.storage,
  }));
  const recordingById = new Map(recordings.map((r) => [r.id, r]));
  const inScope = JSON.stringify(recordings.map((r) => r.id));
  const rubrics = createRubricLookup(db);

  const markings = (
    db
      .prepare(
        `SELECT m.recording_id, m.rater_id, coalesce(m.submitted_at, m.created_at) AS at
         FROM markings m JOIN raters ra ON ra.id = m.rater_id
         WHERE ra.kind = 'examiner' AND m.status = 'submitted'
           AND m.recording_id IN (SELECT value FROM json_each(@inScope))
         ORDER BY m.recording_id, at, m.id`,
      )
      .all({ inScope }) as { recording_id: number; rater_id: number; at: string | null }[]
  ).map((m) => ({ recordingId: m.recording_id, raterId: m.rater_id, at: m.at }));

  const raters = new Map<number, RaterFacts>();
  for (const r of db.prepare('SELECT id, kind, name FROM raters').all() as RaterFacts[]) raters.set(r.id, r);

  const scoreRows = db
    .prepare(
      `SELECT s.recording_id, s.rater_id, ra.kind, ra.name AS rater_name, ra.config AS rater_config, s.step_id,
              s.rubric_id, s.rubric_version, s.score, s.not_assessable, s.comment, s.run_id,
              mr.provider, mr.model, mr.task, mr.mode, mr.prompt_version
       FROM step_scores s
       JOIN raters ra ON ra.id = s.rater_id
       LEFT JOIN model_runs mr ON mr.id = s.run_id
       LEFT JOIN markings m ON m.recording_id = s.recording_id AND m.rater_id = s.rater_id
       WHERE s.recording_id IN (SELECT value FROM json_each(@inScope))
         AND (ra.kind = 'model' OR m.status = 'submitted')
       ORDER BY s.recording_id, s.rater_id, s.step_id`,
    )
    .all({ inScope }) as ScoreRow[];

  const configs = new Map<string, ModelConfigInfo & { recordingSet: Set<number> }>();
  const scores: ScoreFacts[] = [];
  for (const s of scoreRows) {
    let configKey: string | null = null;
    if (s.kind === 'model') {
      const run: RunSettings | null =
        s.run_id === null
          ? null
          : { provider: s.provider, model: s.model, task: s.task, mode: s.mode, promptVersion: s.prompt_version };
      const config = modelConfigOf({ id: s.rater_id, name: s.rater_name, config: s.rater_config }, run);
      configKey = config.key;
      let entry = configs.get(config.key);
      if (!entry) configs.set(config.key, (entry = { ...config, recordings: 0, recordingSet: new Set() }));
      entry.recordingSet.add(s.recording_id);
    }
    scores.push({
      recordingId: s.recording_id,
      raterId: s.rater_id,
      stepId: s.step_id,
      rubricId: s.rubric_id,
      rubricVersion: s.rubric_version,
      score: s.score,
      notAssessable: s.not_assessable === 1,
      comment: s.comment,
      configKey,
    });
  }
  const modelConfigs = [...configs.values()]
    .map(({ recordingSet, ...c }) => ({ ...c, recordings: recordingSet.size }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));

  return {
    filter: { session: scope.session, station: filter.station ?? null },
    recordings,
    recordingById,
    raters,
    markings,
    scores,
    finals: loadRecordingFinals(
      db,
      recordings.map((r) => r.id),
      rubrics,
    ),
    modelConfigs,
    rubrics,
  };
}
