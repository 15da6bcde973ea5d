// TEST-ONLY: puts a row that refers to a rubric version into one of the tables that freeze it, with
// the smallest chain of parent rows the foreign keys demand. Used by unit, CLI and e2e tests.
import type Database from 'better-sqlite3';

export type RubricUsingTable = 'step_scores' | 'markings' | 'adjudications' | 'model_runs' | 'stations';

let counter = 0;

/**
 * Makes (rubricId, version) "used" through `table` only: the station the recording needs refers to
 * `other` (a different rubric version) unless the station itself is the reference under test.
 */
export function useRubricVersion(
  db: Database.Database,
  table: RubricUsingTable,
  rubricId: string,
  version: number,
  other: { id: string; version: number } = { id: 'bmv', version: 1 },
): void {
  const n = ++counter + Math.floor(Math.random() * 1e6);
  const now = new Date().toISOString();
  const session = db
    .prepare('INSERT INTO exam_sessions (name, created_at) VALUES (?, ?)')
    .run(`test session ${n}`, now);
  const stationRubric = table === 'stations' ? { id: rubricId, version } : other;
  const station = db
    .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, ?)')
    .run(session.lastInsertRowid, `st${n}`, stationRubric.id, stationRubric.version);
  if (table === 'stations') return;

  const recording = db
    .prepare(
      `INSERT INTO recordings (sha256, session_id, station_id, original_path, stored_path, storage, size_bytes,
         duration_s, width, height, video_codec, has_audio, imported_at)
       VALUES (?, ?, ?, ?, ?, 'copy', 1, 60, 640, 360, 'h264', 0, ?)`,
    )
    .run(
      String(n).padStart(64, '0'),
      session.lastInsertRowid,
      station.lastInsertRowid,
      `/in/${n}.mp4`,
      `${n}.mp4`,
      now,
    );
  const rater = db
    .prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', ?, ?)`)
    .run(`examiner ${n}`, now);
  const ids = { rec: recording.lastInsertRowid, rater: rater.lastInsertRowid, id: rubricId, v: version, now };

  switch (table) {
    case 'step_scores':
      db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, source, updated_at)
         VALUES (@rec, @rater, @id, @v, 'any.step', 1, 'examiner', @now)`,
      ).run(ids);
      break;
    case 'markings':
      db.prepare(
        `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, created_at)
         VALUES (@rec, @rater, @id, @v, @now)`,
      ).run(ids);
      break;
    case 'adjudications':
      db.prepare(
        `INSERT INTO adjudications (recording_id, rubric_id, rubric_version, step_id, final_score, reason, created_at)
         VALUES (@rec, @id, @v, 'any.step', 1, 'examiners disagreed', @now)`,
      ).run({ rec: ids.rec, id: ids.id, v: ids.v, now });
      break;
    case 'model_runs':
      db.prepare(
        `INSERT INTO model_runs (recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode,
           prompt_version, prompt_hash, rubric_id, rubric_version, frame_spec, created_at)
         VALUES (@rec, @rater, @key, 'done', 'test', 'localhost', 'm', 'score', 'full', 'p1', 'h', @id, @v, '{}', @now)`,
      ).run({ ...ids, key: `key-${n}` });
      break;
  }
}
