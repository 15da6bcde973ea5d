/**
 * Small hand-made labs for the report and import tests: a temporary database with the built-in
 * rubrics, and one-line helpers for sessions, recordings, markings, suggestions and adjudications.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../../services/backend/open';
import type { ServiceContext } from '../../services/core/context';
import { silentLogger } from '../../services/core/log';
import { getRubric } from '../../services/rubrics/store';

export type StepValues = Record<string, number | null>;

export interface Lab {
  ctx: ServiceContext;
  dir: string;
  close(): void;
  session(name: string, date?: string): number;
  station(sessionId: number, code: string, rubricId: string): number;
  recording(o: { session: number; station: number; candidate?: string; path?: string }): number;
  examiner(name: string): number;
  model(name: string, config?: { task?: 'score' | 'binary'; promptVersion?: string; mode?: string }): number;
  /** All steps at full marks except those given; null = not assessable. */
  scores(recordingId: number, overrides?: StepValues): StepValues;
  mark(
    recordingId: number,
    raterId: number,
    values: StepValues,
    o?: { status?: 'submitted' | 'in_progress'; at?: string; comments?: Record<string, string> },
  ): void;
  suggest(recordingId: number, raterId: number, values: StepValues): void;
  adjudicate(recordingId: number, stepId: string, score: number): void;
  span(recordingId: number, stepId: string, startS: number, endS: number): void;
  sha(recordingId: number): string;
}

export function openLab(): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'osce-reports-'));
  const { ctx, close } = openServiceContext({
    dbPath: join(dir, 'osce.sqlite'),
    appVersion: 'test',
    logger: silentLogger,
  });
  const db = ctx.db;
  // A throwaway database: no need to wait for the disk after every one-line insert.
  db.pragma('synchronous = OFF');
  const now = '2026-03-10T09:00:00.000Z';
  let n = 0;
  const rubricOf = (recordingId: number) => {
    const r = db
      .prepare(
        'SELECT st.rubric_id AS id, st.rubric_version AS version FROM recordings r JOIN stations st ON st.id = r.station_id WHERE r.id = ?',
      )
      .get(recordingId) as { id: string; version: number };
    return getRubric(db, r.id, r.version).rubric;
  };
  const insertScores = (
    recordingId: number,
    raterId: number,
    values: StepValues,
    source: string,
    comments: Record<string, string> = {},
  ) => {
    const rubric = rubricOf(recordingId);
    for (const [stepId, score] of Object.entries(values)) {
      db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, not_assessable, not_assessable_reason, comment, source, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        recordingId,
        raterId,
        rubric.id,
        rubric.version,
        stepId,
        score,
        score === null ? 1 : 0,
        score === null ? 'view blocked' : null,
        comments[stepId] ?? null,
        source,
        now,
      );
    }
  };
  const lab: Lab = {
    ctx,
    dir,
    close,
    session: (name, date = '2026-03-10') =>
      Number(
        db.prepare('INSERT INTO exam_sessions (name, exam_date, created_at) VALUES (?, ?, ?)').run(name, date, now)
          .lastInsertRowid,
      ),
    station: (sessionId, code, rubricId) => {
      const version = db.prepare('SELECT max(version) FROM rubrics WHERE id = ?').pluck().get(rubricId) as number;
      return Number(
        db
          .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, ?)')
          .run(sessionId, code, rubricId, version).lastInsertRowid,
      );
    },
    recording: ({ session, station, candidate, path }) => {
      let candidateId: number | null = null;
      if (candidate) {
        db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?) ON CONFLICT (code) DO NOTHING').run(
          candidate,
          now,
        );
        candidateId = db.prepare('SELECT id FROM candidates WHERE code = ?').pluck().get(candidate) as number;
      }
      const sha = createHash('sha256').update(`rec-${dir}-${++n}`).digest('hex');
      return Number(
        db
          .prepare(
            `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage, size_bytes, duration_s, width, height, video_codec, has_audio, imported_at)
             VALUES (?, ?, ?, ?, ?, ?, 'reference', 0, 60, 640, 360, 'h264', 0, ?)`,
          )
          .run(
            sha,
            session,
            station,
            candidateId,
            path ?? `/nowhere/rec-${n}.mp4`,
            path ?? `/nowhere/rec-${n}.mp4`,
            now,
          ).lastInsertRowid,
      );
    },
    examiner: (name) =>
      Number(
        db.prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', ?, ?)`).run(name, now)
          .lastInsertRowid,
      ),
    model: (name, config = {}) =>
      Number(
        db
          .prepare(`INSERT INTO raters (kind, name, config_key, config, created_at) VALUES ('model', ?, ?, ?, ?)`)
          .run(
            name,
            JSON.stringify(config),
            JSON.stringify({ model: name, task: 'score', promptVersion: 'p1', mode: 'full', ...config }),
            now,
          ).lastInsertRowid,
      ),
    scores: (recordingId, overrides = {}) => {
      const out: StepValues = {};
      for (const s of rubricOf(recordingId).steps) out[s.id] = s.max_points;
      return { ...out, ...overrides };
    },
    mark: (recordingId, raterId, values, o = {}) => {
      const rubric = rubricOf(recordingId);
      const status = o.status ?? 'submitted';
      db.prepare(
        `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, submitted_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        recordingId,
        raterId,
        rubric.id,
        rubric.version,
        status,
        status === 'submitted' ? (o.at ?? now) : null,
        now,
      );
      insertScores(recordingId, raterId, values, 'examiner', o.comments);
    },
    suggest: (recordingId, raterId, values) => insertScores(recordingId, raterId, values, 'model'),
    adjudicate: (recordingId, stepId, score) => {
      const rubric = rubricOf(recordingId);
      db.prepare(
        `INSERT INTO adjudications (recording_id, rubric_id, rubric_version, step_id, final_score, reason, created_at) VALUES (?, ?, ?, ?, ?, 'test', ?)`,
      ).run(recordingId, rubric.id, rubric.version, stepId, score, now);
    },
    span: (recordingId, stepId, startS, endS) => {
      db.prepare(
        'INSERT INTO step_spans (recording_id, step_id, start_s, end_s, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(recordingId, stepId, startS, endS, now);
    },
    sha: (recordingId) => db.prepare('SELECT sha256 FROM recordings WHERE id = ?').pluck().get(recordingId) as string,
  };
  return lab;
}
