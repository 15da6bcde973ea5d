import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Db } from '../../db/connection';
import { SCHEMA_VERSION } from '../../db/migrate';
import { appendAudit } from '../audit';
import { nowIso } from '../clock';
import { NotFoundError } from '../errors';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_SCHEMA, contentChecksum, sha256Hex, type EntryKind } from './format';
import { key, raterKey, runKey, stationKey } from './keys';

type Row = Record<string, unknown>;
const MAX_BLOB_BYTES = 900 * 1024 * 1024; // SQLite's default blob limit is 1e9 bytes.

export class BundleMediaTooLargeError extends Error {
  override name = 'BundleMediaTooLarge';
  constructor(file: string) {
    super(`${file} is larger than 900 MB and cannot be put in a bundle; export without --with-media and copy the videos separately.`);
  }
}

/** Drops row ids (they differ per workstation) and the given columns. */
function strip(row: Row, ...drop: string[]): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) if (k !== 'id' && !drop.includes(k)) out[k] = v;
  return out;
}

/**
 * Writes one session's records (rubrics, stations, candidates, raters, recordings, runs, marks,
 * spans, adjudications) and the whole audit chain into a bundle file, optionally with the videos.
 */
export function exportBundle(
  db: Db,
  opts: { session: string; out: string; withMedia?: boolean; workstation: string; actor: string },
): { file: string; entries: number; media: number; checksum: string } {
  const session = db.prepare('SELECT * FROM exam_sessions WHERE name = ?').get(opts.session) as Row | undefined;
  if (!session) throw new NotFoundError(`Exam session '${opts.session}'`);
  const sid = session.id as number;
  const entries: { kind: EntryKind; key: string; body: string; sha256: string }[] = [];
  const add = (kind: EntryKind, key: string, value: Row) => {
    const body = JSON.stringify(value);
    entries.push({ kind, key, body, sha256: sha256Hex(body) });
  };

  const raters = new Map<number, string>();
  const raterRows = db.prepare('SELECT * FROM raters').all() as Row[];
  for (const r of raterRows) raters.set(r.id as number, raterKey(r as never));
  const usedRaters = new Set<number>();
  const rk = (id: unknown) => {
    if (id == null) return null;
    usedRaters.add(id as number);
    return raters.get(id as number) ?? null;
  };

  add('session', opts.session, strip(session));
  const stations = db.prepare('SELECT * FROM stations WHERE session_id = ?').all(sid) as Row[];
  const rubricKeys = new Set<string>();
  for (const st of stations) {
    add('station', stationKey(opts.session, st.code as string), { ...strip(st, 'session_id'), session: opts.session });
    rubricKeys.add(key(st.rubric_id, st.rubric_version));
  }
  const recordings = db
    .prepare(
      `SELECT r.*, st.code AS station_code, c.code AS candidate_code FROM recordings r
       JOIN stations st ON st.id = r.station_id LEFT JOIN candidates c ON c.id = r.candidate_id
       WHERE r.session_id = ? ORDER BY r.id`,
    )
    .all(sid) as Row[];
  const shaOf = new Map<number, string>(recordings.map((r) => [r.id as number, r.sha256 as string]));
  const recIds = [...shaOf.keys()];
  const inRecs = (table: string, extra = '') =>
    recIds.length === 0
      ? []
      : (db.prepare(`SELECT * FROM ${table} WHERE recording_id IN (${recIds.map(() => '?').join(',')}) ${extra}`).all(...recIds) as Row[]);

  for (const r of recordings) {
    if (r.candidate_code) add('candidate', r.candidate_code as string, { code: r.candidate_code });
    add('recording', r.sha256 as string, {
      ...strip(r, 'session_id', 'station_id', 'candidate_id', 'station_code', 'candidate_code', 'stored_path', 'poster_path', 'proxy_path', 'proxy_status', 'mtime_ms'),
      session: opts.session,
      station: r.station_code,
      candidate: r.candidate_code ?? null,
      media_ext: extname(String(r.stored_path)).toLowerCase() || '.mp4',
    });
  }
  for (const e of inRecs('recording_examiners')) {
    add('recording_examiner', key(shaOf.get(e.recording_id as number), rk(e.rater_id)), { recording: shaOf.get(e.recording_id as number), rater: rk(e.rater_id) });
  }
  // Finished runs only: a run still queued here belongs to this workstation's queue.
  const runs = inRecs('model_runs', `AND status IN ('done', 'rejected', 'failed', 'cancelled')`);
  const runKeyOf = new Map<number, string>(runs.map((r) => [r.id as number, runKey(r as never)]));
  for (const r of runs) {
    rubricKeys.add(key(r.rubric_id, r.rubric_version));
    add('model_run', runKeyOf.get(r.id as number)!, {
      ...strip(r, 'job_id', 'recording_id', 'rater_id', 'worker', 'superseded_by'),
      recording: shaOf.get(r.recording_id as number),
      rater: rk(r.rater_id),
      superseded_by: r.superseded_by == null ? null : (runKeyOf.get(r.superseded_by as number) ?? null),
    });
  }
  for (const m of inRecs('markings')) {
    rubricKeys.add(key(m.rubric_id, m.rubric_version));
    add('marking', key(shaOf.get(m.recording_id as number), rk(m.rater_id)), { ...strip(m, 'recording_id', 'rater_id'), recording: shaOf.get(m.recording_id as number), rater: rk(m.rater_id) });
  }
  for (const s of inRecs('step_scores')) {
    rubricKeys.add(key(s.rubric_id, s.rubric_version));
    add('step_score', key(shaOf.get(s.recording_id as number), rk(s.rater_id), s.step_id), {
      ...strip(s, 'recording_id', 'rater_id', 'run_id'),
      recording: shaOf.get(s.recording_id as number),
      rater: rk(s.rater_id),
      run: s.run_id == null ? null : (runKeyOf.get(s.run_id as number) ?? null),
    });
  }
  for (const s of inRecs('step_spans')) {
    add('step_span', key(shaOf.get(s.recording_id as number), s.step_id), { ...strip(s, 'recording_id', 'rater_id'), recording: shaOf.get(s.recording_id as number), rater: rk(s.rater_id) });
  }
  for (const a of inRecs('adjudications')) {
    rubricKeys.add(key(a.rubric_id, a.rubric_version));
    add('adjudication', key(shaOf.get(a.recording_id as number), a.step_id), { ...strip(a, 'recording_id', 'adjudicator_id'), recording: shaOf.get(a.recording_id as number), adjudicator: rk(a.adjudicator_id) });
  }
  for (const r of raterRows) if (usedRaters.has(r.id as number)) add('rater', raters.get(r.id as number)!, strip(r));
  for (const k of rubricKeys) {
    const [id, version] = JSON.parse(k) as [string, number];
    const rub = db.prepare('SELECT * FROM rubrics WHERE id = ? AND version = ?').get(id, version) as Row | undefined;
    if (rub) add('rubric', k, rub);
  }
  for (const ev of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as Iterable<Row>) {
    add('audit_event', String(ev.seq).padStart(12, '0'), ev);
  }

  const partial = `${opts.out}.partial`;
  rmSync(partial, { force: true });
  const out = new Database(partial);
  try {
    out.exec(BUNDLE_SCHEMA);
    const mediaHashes: string[] = [];
    out.transaction(() => {
      const ins = out.prepare('INSERT INTO bundle_entries (kind, key, body, sha256) VALUES (?, ?, ?, ?)');
      for (const e of entries) ins.run(e.kind, e.key, e.body, e.sha256);
      if (opts.withMedia) {
        const put = out.prepare('INSERT OR IGNORE INTO bundle_media (sha256, ext, data) VALUES (?, ?, ?)');
        for (const r of recordings) {
          const file = String(r.stored_path);
          if (!existsSync(file)) throw new NotFoundError(`The video of recording ${r.id} (${file})`);
          if (statSync(file).size > MAX_BLOB_BYTES) throw new BundleMediaTooLargeError(file);
          put.run(r.sha256, extname(file).toLowerCase() || '.mp4', readFileSync(file));
          mediaHashes.push(r.sha256 as string);
        }
      }
      const checksum = contentChecksum(entries, mediaHashes);
      const manifest: Record<string, string> = {
        format: BUNDLE_FORMAT,
        format_version: String(BUNDLE_FORMAT_VERSION),
        schema_version: String(SCHEMA_VERSION),
        created_at: nowIso(),
        workstation: opts.workstation,
        session: opts.session,
        with_media: opts.withMedia ? '1' : '0',
        entries: String(entries.length),
        media: String(mediaHashes.length),
        content_checksum: checksum,
      };
      const m = out.prepare('INSERT INTO bundle_manifest (key, value) VALUES (?, ?)');
      for (const [k, v] of Object.entries(manifest)) m.run(k, v);
    })();
    const checksum = out.prepare(`SELECT value FROM bundle_manifest WHERE key = 'content_checksum'`).pluck().get() as string;
    out.close();
    renameSync(partial, opts.out);
    db.transaction(() =>
      appendAudit(db, { actor: opts.actor, action: 'export', entity: 'bundle', entityId: checksum, after: { session: opts.session, file: opts.out, entries: entries.length, media: mediaHashes.length } }),
    )();
    return { file: opts.out, entries: entries.length, media: mediaHashes.length, checksum };
  } catch (err) {
    if (out.open) out.close();
    rmSync(partial, { force: true });
    throw err;
  }
}
