/**
 * Everything a report reads, loaded once for a scope (a session, a station or the whole lab):
 * recordings, raters, submitted markings, step scores, final scores and model configurations.
 * Reports and exports work from this snapshot so one report never mixes two database states.
 */
import type { Db } from '../../db/connection';
import { examinerMarkingsIn } from '../../db/queries/marks';
import { raterRows } from '../../db/queries/raters';
import { reportScoreRows, runSettingsOf } from '../../db/queries/model-runs';
import {
  candidateExists,
  placedRecordingsInScope,
  sessionById,
  sessionByName,
  stationsNamed,
} from '../../db/queries/recordings';
import type { ModelConfigInfo } from '../../contract/reports';
import { NotFoundError } from '../core/errors';
import { loadRecordingFinals, type RecordingFinals } from '../review/final-scores';
import { modelConfigOf, type RunSettings } from './model-configs';
import type { Locale } from '../../domain/i18n/locales';
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

function checkedScope(
  db: Db,
  filter: ReportFilter,
): { session: string | null; station: string | null; candidate: string | null } {
  let session: string | null = null;
  if (filter.sessionId !== undefined) {
    const found = sessionById(db, filter.sessionId);
    if (!found) throw new NotFoundError(`Exam session ${filter.sessionId}`);
    session = found.name;
  } else if (filter.session !== undefined) {
    const found = sessionByName(db, filter.session);
    if (!found) throw new NotFoundError(`Exam session '${filter.session}'`);
    session = found.name;
  }
  if (filter.station !== undefined) {
    if (stationsNamed(db, filter.station) === 0)
      throw new NotFoundError(`Station '${filter.station}' (a station code or rubric id)`);
  }
  if (filter.candidate !== undefined && !candidateExists(db, filter.candidate))
    throw new NotFoundError(`Candidate '${filter.candidate}'`);
  return { session, station: filter.station ?? null, candidate: filter.candidate ?? null };
}

/** `locale`: step titles and rubric words in that language (what a report in that language shows). */
export function loadLabDataset(db: Db, filter: ReportFilter = {}, locale?: Locale): LabDataset {
  // One read transaction: the app may be writing marks while a report is built.
  return db.transaction(() => load(db, filter, locale))();
}

function load(db: Db, filter: ReportFilter, locale: Locale | undefined): LabDataset {
  const scope = checkedScope(db, filter);
  const rows = placedRecordingsInScope(db, scope);
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
  const inScope = recordings.map((r) => r.id);
  const rubrics = createRubricLookup(db, locale);

  const markings = examinerMarkingsIn(db, inScope)
    .filter((m) => m.status === 'submitted')
    .map((m) => ({ recordingId: m.recording_id, raterId: m.rater_id, at: m.at }));

  const raters = new Map<number, RaterFacts>();
  const raterRowsById = new Map(raterRows(db).map((r) => [r.id, r]));
  for (const r of raterRowsById.values()) raters.set(r.id, { id: r.id, kind: r.kind, name: r.name });

  const scoreRows = reportScoreRows(db, inScope);
  const runIds = [...new Set(scoreRows.flatMap((s) => (s.run_id === null ? [] : [s.run_id])))];
  const runs = new Map(runSettingsOf(db, runIds).map((r) => [r.id, r]));

  const configs = new Map<string, ModelConfigInfo & { recordingSet: Set<number> }>();
  // One configuration per (rater, run): worked out once, not for each of the run's steps.
  const configOf = new Map<string, string>();
  const scores: ScoreFacts[] = [];
  for (const s of scoreRows) {
    let configKey: string | null = null;
    if (s.kind === 'model') {
      const memo = `${s.rater_id}|${s.run_id ?? ''}`;
      configKey = configOf.get(memo) ?? null;
      if (configKey === null) {
        const r = s.run_id === null ? undefined : runs.get(s.run_id);
        const run: RunSettings | null = r
          ? { provider: r.provider, model: r.model, task: r.task, mode: r.mode, promptVersion: r.prompt_version }
          : null;
        const rater = raterRowsById.get(s.rater_id)!;
        const config = modelConfigOf({ id: s.rater_id, name: rater.name, config: rater.config }, run, locale);
        configKey = config.key;
        configOf.set(memo, configKey);
        if (!configs.has(configKey)) configs.set(configKey, { ...config, recordings: 0, recordingSet: new Set() });
      }
      configs.get(configKey)!.recordingSet.add(s.recording_id);
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
