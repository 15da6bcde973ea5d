// TEST-ONLY: the rows review tests need (session with its blind-first setting, station on a
// built-in rubric, candidates, recordings, a model's accepted run with its suggestions), inserted
// directly until the import service lands. Shared by the marking unit tests and the e2e seeds.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/connection';
import { insertRunAnswer } from '../../db/queries/model-runs';
import { builtinRubrics } from '../../domain/rubric/builtin';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { seedBuiltinRubrics } from '../../services/rubrics/seed';
import { addExaminer } from '../../services/review/examiners';
import { setStepMark } from '../../services/review/marking';

export function openReviewTestDb(dir = mkdtempSync(join(tmpdir(), 'osce-review-'))): {
  db: Db;
  dbPath: string;
  dir: string;
} {
  const dbPath = join(dir, 'osce.sqlite');
  const db = openDatabase(dbPath);
  seedBuiltinRubrics(db);
  return { db, dbPath, dir };
}

export const builtin = (id: 'cpr' | 'aed' | 'bmv'): Rubric => builtinRubrics().find((r) => r.id === id)!;

export interface SeedOptions {
  rubricId?: 'cpr' | 'aed' | 'bmv';
  /** Add to this session instead of creating one. */
  sessionId?: number;
  sessionName?: string;
  blindFirst?: boolean;
  stationCode?: string;
  /** One recording per candidate code. */
  candidates?: string[];
  /** Folder the recordings' files are stored in (absolute); each is `<candidate>-<rubric>.webm` there. */
  storedDir?: string;
  durationS?: number;
}

let counter = 0;

export function seedRecordings(
  db: Db,
  o: SeedOptions = {},
): { sessionId: number; stationId: number; recordingIds: number[] } {
  const n = ++counter;
  const now = new Date().toISOString();
  const tag = `${process.pid}-${n}-${Date.now()}`;
  const rubric = o.rubricId ?? 'cpr';
  return db.transaction(() => {
    const sessionId =
      o.sessionId ??
      Number(
        db
          .prepare('INSERT INTO exam_sessions (name, blind_first, created_at) VALUES (?, ?, ?)')
          .run(o.sessionName ?? `review test ${tag}`, o.blindFirst === false ? 0 : 1, now).lastInsertRowid,
      );
    const stationId = Number(
      db
        .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, 1)')
        .run(sessionId, o.stationCode ?? rubric.toUpperCase(), rubric).lastInsertRowid,
    );
    const candidate = db.prepare(
      `INSERT INTO candidates (code, created_at) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET code = excluded.code RETURNING id`,
    );
    const insert = db.prepare(
      `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage, size_bytes,
         duration_s, width, height, fps, video_codec, container, has_audio, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, 'copy', 1000, ?, 320, 180, 25, 'vp8', 'matroska,webm', 0, ?)`,
    );
    const recordingIds = (o.candidates ?? [`C-${n}`]).map((code, i) => {
      const candidateId = (candidate.get(code, now) as { id: number }).id;
      const sha = createHash('sha256').update(`recording ${tag} ${i}`).digest('hex');
      const file = `${code}-${rubric}.webm`;
      const stored = join(o.storedDir ?? '/exam/library', file);
      return Number(
        insert.run(sha, sessionId, stationId, candidateId, `/exam/${file}`, stored, o.durationS ?? 6, now)
          .lastInsertRowid,
      );
    });
    return { sessionId, stationId, recordingIds };
  })();
}

export interface SuggestionSeed {
  model?: string;
  /** The model's score per step; default: full marks on every step. */
  score?: (step: RubricStep, index: number) => number;
  rationale?: (step: RubricStep) => string;
  evidenceS?: (step: RubricStep, index: number) => number[];
}

/** One accepted model run and the suggestions it wrote, as the scoring service stores them. */
export function seedSuggestions(
  db: Db,
  recordingId: number,
  rubric: Rubric,
  s: SuggestionSeed = {},
): { raterId: number; runId: number } {
  const model = s.model ?? 'fake-vision';
  const now = new Date().toISOString();
  return db.transaction(() => {
    const raterId = Number(
      db
        .prepare(
          `INSERT INTO raters (kind, name, config_key, created_at) VALUES ('model', ?, ?, ?) ON CONFLICT(kind, name, config_key) DO UPDATE SET name = excluded.name RETURNING id`,
        )
        .pluck()
        .get(model, `${model}|p1`, now),
    );
    const steps = Object.fromEntries(
      rubric.steps.map((step, i) => [
        step.id,
        {
          score: s.score?.(step, i) ?? step.max_points,
          rationale: s.rationale?.(step) ?? `The frames show ${step.title.toLowerCase()}.`,
          evidence_s: s.evidenceS?.(step, i) ?? [1 + (i % 4)],
        },
      ]),
    );
    const runId = Number(
      db
        .prepare(
          `INSERT INTO model_runs (recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode, prompt_version,
             prompt_hash, rubric_id, rubric_version, frame_spec, created_at, finished_at)
           VALUES (?, ?, ?, 'done', 'local', '127.0.0.1', ?, 'score', 'full', 'score-v1', 'h', ?, ?, '{}', ?, ?)`,
        )
        .run(recordingId, raterId, `key-${recordingId}-${raterId}-${now}`, model, rubric.id, rubric.version, now, now)
        .lastInsertRowid,
    );
    insertRunAnswer(db, runId, { task: 'score', steps, extractedFrom: 'whole' });
    const put = db.prepare(
      `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, comment, source, run_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'model', ?, ?)`,
    );
    for (const [stepId, j] of Object.entries(steps))
      put.run(recordingId, raterId, rubric.id, rubric.version, stepId, j.score, j.rationale, runId, now);
    return { raterId, runId };
  })();
}

export function examiner(db: Db, name: string): number {
  return addExaminer(db, name, 'test').id;
}

/** Marks every step through the service, as an examiner would one by one. */
export function markAll(
  db: Db,
  recordingId: number,
  examinerId: number,
  rubric: Rubric,
  pick: (step: RubricStep, i: number) => number,
): void {
  rubric.steps.forEach((step, i) =>
    setStepMark(db, { recordingId, examinerId, stepId: step.id, score: pick(step, i) }),
  );
}

/** A correct/error model run and its suggestions (full marks for "correct", 0 for "error"), as scoring stores them. */
export function seedVerdicts(
  db: Db,
  recordingId: number,
  rubric: Rubric,
  correct: (step: RubricStep) => boolean,
  model = 'fake-judge',
): { raterId: number; runId: number } {
  const now = new Date().toISOString();
  return db.transaction(() => {
    const raterId = Number(
      db
        .prepare(
          `INSERT INTO raters (kind, name, config_key, config, created_at) VALUES ('model', ?, ?, ?, ?) RETURNING id`,
        )
        .pluck()
        .get(
          model,
          `${model}|binary`,
          JSON.stringify({ model, task: 'binary', mode: 'full', prompt: { id: 'binary-v2' } }),
          now,
        ),
    );
    const runId = Number(
      db
        .prepare(
          `INSERT INTO model_runs (recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode, prompt_version,
             prompt_hash, rubric_id, rubric_version, frame_spec, created_at, finished_at)
           VALUES (?, ?, ?, 'done', 'local', '127.0.0.1', ?, 'binary', 'full', 'binary-v2', 'h', ?, ?, '{}', ?, ?)`,
        )
        .run(recordingId, raterId, `verdicts-${recordingId}-${raterId}`, model, rubric.id, rubric.version, now, now)
        .lastInsertRowid,
    );
    const steps = Object.fromEntries(
      rubric.steps.map((step) => [
        step.id,
        { correct: correct(step), rationale: 'Seen in the frames.', evidence_s: [] },
      ]),
    );
    insertRunAnswer(db, runId, { task: 'binary', steps, extractedFrom: 'whole' });
    const put = db.prepare(
      `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, comment, source, run_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'model', ?, ?)`,
    );
    for (const step of rubric.steps)
      put.run(
        recordingId,
        raterId,
        rubric.id,
        rubric.version,
        step.id,
        correct(step) ? step.max_points : 0,
        'x',
        runId,
        now,
      );
    return { raterId, runId };
  })();
}
