/** Station rubrics: every version of every rubric, and which versions anything refers to. */
import type { Db } from '../connection';

/** One row of `rubrics`: `body` is the rubric as validated JSON. */
export interface RubricRow {
  id: string;
  version: number;
  title: string;
  station: string;
  content_hash: string;
  body: string;
  builtin: number;
  created_at: string;
}

/** Every table whose rows hold (rubric_id, rubric_version): a reference from any of them freezes. */
const RUBRIC_REFERENCING_TABLES = ['step_scores', 'markings', 'adjudications', 'model_runs', 'stations'] as const;

/** True when a score, marking, adjudication, model run or station uses this rubric version. */
export function rubricVersionInUse(db: Db, id: string, version: number): boolean {
  const exists = RUBRIC_REFERENCING_TABLES.map(
    (t) => `EXISTS (SELECT 1 FROM ${t} WHERE rubric_id = @id AND rubric_version = @version)`,
  ).join(' OR ');
  return db.prepare(`SELECT ${exists} AS frozen`).pluck().get({ id, version }) === 1;
}

/** All (id, version) pairs in use, as `id@version`, read in one pass over each referencing table. */
export function rubricVersionsInUse(db: Db): Set<string> {
  const sql = RUBRIC_REFERENCING_TABLES.map((t) => `SELECT rubric_id AS id, rubric_version AS version FROM ${t}`).join(
    ' UNION ',
  );
  const rows = db.prepare(sql).all() as { id: string; version: number }[];
  return new Set(rows.map((r) => `${r.id}@${r.version}`));
}

export const latestRubricRow = (db: Db, id: string): RubricRow | undefined =>
  db.prepare('SELECT * FROM rubrics WHERE id = ? ORDER BY version DESC LIMIT 1').get(id) as RubricRow | undefined;

export const rubricRow = (db: Db, id: string, version: number): RubricRow | undefined =>
  db.prepare('SELECT * FROM rubrics WHERE id = ? AND version = ?').get(id, version) as RubricRow | undefined;

export const latestRubricVersion = (db: Db, id: string): number | null =>
  db.prepare('SELECT max(version) FROM rubrics WHERE id = ?').pluck().get(id) as number | null;

export const knownRubricIds = (db: Db): string[] =>
  db.prepare('SELECT DISTINCT id FROM rubrics ORDER BY id').pluck().all() as string[];

export const rubricWithContentExists = (db: Db, id: string, contentHash: string): boolean =>
  db.prepare('SELECT 1 FROM rubrics WHERE id = ? AND content_hash = ?').get(id, contentHash) !== undefined;

/** The shipped (built-in) rows of a rubric that hold this content, whatever their version. */
export const builtinRubricRowsWithContent = (db: Db, id: string, contentHash: string): RubricRow[] =>
  db
    .prepare('SELECT * FROM rubrics WHERE id = ? AND content_hash = ? AND builtin = 1')
    .all(id, contentHash) as RubricRow[];

export type RubricSummaryRow = Omit<RubricRow, 'body'> & {
  step_count: number;
  total_points: number;
  /** JSON of the rubric's other-language titles and stations ({"zh-CN": {"title", "station"}}), or null. */
  texts: string | null;
};

/** Every version of every rubric, newest version first within an id, with its step count and points. */
export function rubricSummaries(db: Db): RubricSummaryRow[] {
  return db
    .prepare(
      `SELECT id, version, title, station, content_hash, builtin, created_at,
              json_array_length(body, '$.steps') AS step_count,
              (SELECT total(json_extract(s.value, '$.max_points')) FROM json_each(body, '$.steps') s) AS total_points,
              (SELECT json_group_object(t.key, json_object('title', json_extract(t.value, '$.title'),
                                                           'station', json_extract(t.value, '$.station')))
                 FROM json_each(body, '$.translations') t) AS texts
       FROM rubrics ORDER BY id, version DESC`,
    )
    .all() as RubricSummaryRow[];
}

export function insertRubric(db: Db, r: RubricRow): void {
  db.prepare(
    `INSERT INTO rubrics (id, version, title, station, content_hash, body, builtin, created_at)
     VALUES (@id, @version, @title, @station, @content_hash, @body, @builtin, @created_at)`,
  ).run(r);
}

export function updateRubricBody(
  db: Db,
  r: Pick<RubricRow, 'id' | 'version' | 'title' | 'station' | 'content_hash' | 'body'>,
): void {
  db.prepare(
    'UPDATE rubrics SET title = @title, station = @station, content_hash = @content_hash, body = @body WHERE id = @id AND version = @version',
  ).run(r);
}

/** The newest version of a rubric that shipped with the app. */
export const latestBuiltinVersion = (db: Db, id: string): number | null =>
  db.prepare('SELECT max(version) FROM rubrics WHERE id = ? AND builtin = 1').pluck().get(id) as number | null;
