import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/connection';
import { appendAudit } from '../audit';
import { nowIso } from '../clock';
import { BundleRefusedError, type EntryKind } from './format';
import { key as makeKey, raterKey, runKey } from './keys';
import { readBundle, type BundleContents } from './read';

type Row = Record<string, unknown>;

export interface MergeConflict {
  kind: 'step_score' | 'adjudication' | 'step_span' | 'station';
  key: string;
  local: Row;
  incoming: Row;
}

export interface BundleImportResult {
  file: string;
  checksum: string;
  session: string;
  alreadyImported: boolean;
  added: Partial<Record<EntryKind, number>>;
  unchanged: number;
  conflicts: (MergeConflict & { id: number })[];
}

const columnsCache = new Map<string, Set<string>>();
function columns(db: Db, table: string): Set<string> {
  let c = columnsCache.get(table);
  if (!c) {
    c = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
    columnsCache.set(table, c);
  }
  return c;
}

/** Inserts the columns this database knows (an older bundle simply lacks newer ones). */
function insert(db: Db, table: string, row: Row): number {
  const cols = Object.keys(row).filter((k) => columns(db, table).has(k));
  const info = db
    .prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`)
    .run(Object.fromEntries(cols.map((c) => [c, row[c]])));
  return Number(info.lastInsertRowid);
}

/**
 * Merges a checked bundle: records are matched by natural keys (recordings by hash), marks of
 * different examiners combine, and a differing mark of the same examiner for the same step is
 * never overwritten: it is listed as a conflict for someone to decide. Re-importing the same
 * bundle changes nothing. All of it is one transaction.
 */
export function importBundle(db: Db, file: string, opts: { libraryDir: string; actor: string }): BundleImportResult {
  const bundle = readBundle(file);
  const written: string[] = [];
  try {
    const checksum = bundle.manifest.content_checksum!;
    const base: BundleImportResult = { file, checksum, session: bundle.manifest.session ?? '', alreadyImported: false, added: {}, unchanged: 0, conflicts: [] };
    const seen = db.prepare('SELECT imported_at FROM imported_bundles WHERE checksum = ?').get(checksum);
    if (seen) return { ...base, alreadyImported: true };
    checkRubrics(db, file, bundle);
    const result = db.transaction(() => merge(db, bundle, base, opts, written)).immediate();
    return result;
  } catch (err) {
    for (const f of written) rmSync(f, { force: true });
    throw err;
  } finally {
    bundle.close();
  }
}

/** Every rubric version a record uses must be in the bundle or here, with identical content. */
function checkRubrics(db: Db, file: string, bundle: BundleContents) {
  const inBundle = new Map(bundle.entries.get('rubric')!.map((e) => [e.key, e.value]));
  for (const r of inBundle.values()) {
    const local = db.prepare('SELECT content_hash FROM rubrics WHERE id = ? AND version = ?').get(r.id, r.version) as { content_hash: string } | undefined;
    if (local && local.content_hash !== r.content_hash) {
      throw new BundleRefusedError(file, `rubric ${String(r.id)} version ${String(r.version)} in the bundle differs from this workstation's`);
    }
  }
  for (const kind of ['station', 'marking', 'step_score', 'adjudication', 'model_run'] as const) {
    for (const { value } of bundle.entries.get(kind)!) {
      const here = db.prepare('SELECT 1 FROM rubrics WHERE id = ? AND version = ?').get(value.rubric_id, value.rubric_version);
      if (!inBundle.has(makeKey(value.rubric_id, value.rubric_version)) && !here) {
        throw new BundleRefusedError(file, `it uses rubric ${String(value.rubric_id)} version ${String(value.rubric_version)}, which is unknown here and not in the bundle`);
      }
    }
  }
}

function merge(db: Db, b: BundleContents, result: BundleImportResult, opts: { libraryDir: string; actor: string }, written: string[]): BundleImportResult {
  const count = (k: EntryKind) => (result.added[k] = (result.added[k] ?? 0) + 1);
  const one = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T | undefined;
  const id = (sql: string, ...p: unknown[]) => (db.prepare(sql).pluck().get(...p) as number | undefined) ?? null;
  const raterId = (k: unknown) => {
    if (k == null) return null;
    const [kind, name, configKey] = JSON.parse(k as string) as string[];
    return id('SELECT id FROM raters WHERE kind = ? AND name = ? AND config_key = ?', kind, name, configKey);
  };
  const recId = (sha: unknown) => id('SELECT id FROM recordings WHERE sha256 = ?', sha);
  const runId = (k: unknown) => {
    if (k == null) return null;
    const [idem, createdAt] = JSON.parse(k as string) as string[];
    return id('SELECT id FROM model_runs WHERE idempotency_key = ? AND created_at = ?', idem, createdAt);
  };
  const conflict = (c: MergeConflict) => {
    const cid = insert(db, 'merge_conflicts', { bundle_checksum: result.checksum, kind: c.kind, key: c.key, local: JSON.stringify(c.local), incoming: JSON.stringify(c.incoming), status: 'open', created_at: nowIso() });
    result.conflicts.push({ ...c, id: cid });
  };
  const each = (kind: EntryKind, fn: (v: Row, key: string) => 'added' | 'same' | void) => {
    for (const { key, value } of b.entries.get(kind)!) {
      const r = fn(value, key);
      if (r === 'added') count(kind);
      else if (r === 'same') result.unchanged++;
    }
  };

  each('rubric', (r) => (one('SELECT 1 FROM rubrics WHERE id = ? AND version = ?', r.id, r.version) ? 'same' : (insert(db, 'rubrics', r), 'added')));
  each('session', (s) => (id('SELECT id FROM exam_sessions WHERE name = ?', s.name) ? 'same' : (insert(db, 'exam_sessions', s), 'added')));
  each('station', (s, key) => {
    const sid = id('SELECT id FROM exam_sessions WHERE name = ?', s.session)!;
    const local = one<Row>('SELECT rubric_id, rubric_version FROM stations WHERE session_id = ? AND code = ?', sid, s.code);
    if (!local) return insert(db, 'stations', { ...s, session_id: sid }), 'added';
    if (local.rubric_id !== s.rubric_id || local.rubric_version !== s.rubric_version) conflict({ kind: 'station', key, local, incoming: s });
    return 'same';
  });
  each('candidate', (c) => (id('SELECT id FROM candidates WHERE code = ?', c.code) ? 'same' : (insert(db, 'candidates', { code: c.code, created_at: nowIso() }), 'added')));
  each('rater', (r) => (raterId(raterKey(r as never)) ? 'same' : (insert(db, 'raters', r), 'added')));
  each('recording', (r) => {
    if (recId(r.sha256)) return 'same';
    const media = b.media(r.sha256 as string);
    let stored = String(r.original_path);
    let storage = 'reference';
    if (media) {
      const dir = join(opts.libraryDir, String(r.sha256).slice(0, 2));
      mkdirSync(dir, { recursive: true });
      stored = join(dir, `${r.sha256}${media.ext}`);
      writeFileSync(`${stored}.partial`, media.data);
      renameSync(`${stored}.partial`, stored);
      written.push(stored);
      storage = 'copy';
    }
    const sessionId = id('SELECT id FROM exam_sessions WHERE name = ?', r.session)!;
    insert(db, 'recordings', {
      ...r,
      session_id: sessionId,
      station_id: id('SELECT id FROM stations WHERE session_id = ? AND code = ?', sessionId, r.station),
      candidate_id: r.candidate == null ? null : id('SELECT id FROM candidates WHERE code = ?', r.candidate),
      stored_path: stored,
      storage,
    });
    return 'added';
  });
  each('recording_examiner', (e) => {
    const row = { recording_id: recId(e.recording), rater_id: raterId(e.rater) };
    if (one('SELECT 1 FROM recording_examiners WHERE recording_id = ? AND rater_id = ?', row.recording_id, row.rater_id)) return 'same';
    insert(db, 'recording_examiners', row);
    return 'added';
  });
  each('model_run', (r) => {
    if (runId(runKey(r as never))) return 'same';
    // The same request answered on two workstations: keep both, the local one stays current.
    const current = id(`SELECT id FROM model_runs WHERE idempotency_key = ? AND status = 'done' AND superseded_by IS NULL`, r.idempotency_key);
    insert(db, 'model_runs', { ...r, recording_id: recId(r.recording), rater_id: raterId(r.rater), superseded_by: r.status === 'done' && current ? current : runId(r.superseded_by) });
    return 'added';
  });
  each('marking', (m) => {
    const rec = recId(m.recording), rater = raterId(m.rater);
    if (one('SELECT 1 FROM markings WHERE recording_id = ? AND rater_id = ?', rec, rater)) return 'same';
    insert(db, 'markings', { ...m, recording_id: rec, rater_id: rater });
    return 'added';
  });
  each('step_score', (s, key) => {
    const rec = recId(s.recording), rater = raterId(s.rater);
    const local = one<Row>('SELECT score, blind_score, not_assessable, not_assessable_reason, comment FROM step_scores WHERE recording_id = ? AND rater_id = ? AND step_id = ?', rec, rater, s.step_id);
    if (!local) return insert(db, 'step_scores', { ...s, recording_id: rec, rater_id: rater, run_id: runId(s.run) }), 'added';
    const incoming = { score: s.score, blind_score: s.blind_score, not_assessable: s.not_assessable, not_assessable_reason: s.not_assessable_reason, comment: s.comment };
    if (local.score === incoming.score && local.not_assessable === incoming.not_assessable && (local.comment ?? null) === (incoming.comment ?? null)) return 'same';
    conflict({ kind: 'step_score', key, local, incoming });
  });
  each('step_span', (s, key) => {
    const rec = recId(s.recording);
    const local = one<Row>('SELECT start_s, end_s FROM step_spans WHERE recording_id = ? AND step_id = ?', rec, s.step_id);
    if (!local) return insert(db, 'step_spans', { ...s, recording_id: rec, rater_id: raterId(s.rater) }), 'added';
    if (local.start_s === s.start_s && local.end_s === s.end_s) return 'same';
    conflict({ kind: 'step_span', key, local, incoming: { start_s: s.start_s, end_s: s.end_s } });
  });
  each('adjudication', (a, key) => {
    const rec = recId(a.recording);
    const local = one<Row>('SELECT final_score, reason FROM adjudications WHERE recording_id = ? AND step_id = ?', rec, a.step_id);
    if (!local) return insert(db, 'adjudications', { ...a, recording_id: rec, adjudicator_id: raterId(a.adjudicator) }), 'added';
    if (local.final_score === a.final_score) return 'same';
    conflict({ kind: 'adjudication', key, local, incoming: { final_score: a.final_score, reason: a.reason } });
  });
  // The other workstation's audit chain is kept beside ours, verified, never spliced into it.
  each('audit_event', (e) => {
    if (one('SELECT 1 FROM imported_audit_events WHERE workstation = ? AND seq = ?', b.manifest.workstation, e.seq)) return 'same';
    insert(db, 'imported_audit_events', { workstation: b.manifest.workstation, seq: e.seq, hash: e.hash, event: JSON.stringify(e), bundle_checksum: result.checksum });
    return 'added';
  });
  insert(db, 'imported_bundles', { checksum: result.checksum, file: result.file, session: result.session, workstation: b.manifest.workstation ?? '', imported_at: nowIso() });
  appendAudit(db, {
    actor: opts.actor,
    action: 'import',
    entity: 'bundle',
    entityId: result.checksum,
    after: { file: result.file, session: result.session, added: result.added, conflicts: result.conflicts.length },
  });
  return result;
}

