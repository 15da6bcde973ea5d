import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { writeBundleFile } from '../../db/bundle-file';
import type { Db } from '../../db/connection';
import type { ParsedAnswer } from '../../domain/scoring/answer';
import { auditRows } from '../../db/queries/audit';
import { rowsOfRecordings, sessionRecord, type Row } from '../../db/queries/bundles';
import { raterRows as allRaters } from '../../db/queries/raters';
import { placedRecordingsOfSession, stationsOfSession } from '../../db/queries/recordings';
import { rubricRow } from '../../db/queries/rubrics';
import { runAnswer } from '../../db/queries/model-runs';
import { SCHEMA_VERSION } from '../../db/migrate';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { anchorFilePath, readAnchorFile } from '../integrity/anchor';
import { diskFullError, isDiskFull, partialPathFor, removeSqliteFiles } from '../integrity/files';
import type { InstallationKeys } from '../integrity/keys';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  contentChecksum,
  sha256Hex,
  signManifest,
  type EntryKind,
} from './format';
import { key, raterKey, runKey, stationKey } from './keys';
import { RECORD_SCHEMAS } from './validate';

const MAX_BLOB_BYTES = 900 * 1024 * 1024; // SQLite's default blob limit is 1e9 bytes.
const MEDIA_EXT = /^\.(mp4|m4v|mov|qt|mkv|webm|avi|mts|m2ts|ts|mpg|mpeg|wmv|asf|flv|3gp|3g2|mxf|dv|ogv|vob|video)$/;

class BundleMediaTooLargeError extends Error {
  override name = 'BundleMediaTooLarge';
  constructor(file: string) {
    super(
      `${file} is larger than 900 MB and cannot be put in a bundle; export without --with-media and copy the videos separately.`,
    );
  }
}

class BundleKeysUnavailableError extends Error {
  override name = 'BundleKeysUnavailable';
}

/** Exactly the fields the importing side validates (RECORD_SCHEMAS); ids and local paths never leave. */
function pick(kind: EntryKind, row: Row): Row {
  const shape = (RECORD_SCHEMAS[kind] as unknown as { shape: Record<string, unknown> }).shape;
  const out: Row = {};
  for (const k of Object.keys(shape)) if (k in row) out[k] = row[k];
  return out;
}

/** A run's answer as a bundle's model run carries it; null without one. */
const answerAsJson = (answer: ParsedAnswer | null): string | null => (answer ? JSON.stringify(answer) : null);

/** Typed rows as the generic records a bundle holds (only the fields its schemas name are kept). */
const records = <T extends object>(rows: readonly T[]): Row[] => rows.map((r): Row => ({ ...(r as Row) }));

const extOf = (file: string) => {
  const e = extname(file).toLowerCase();
  return MEDIA_EXT.test(e) ? e : '.video';
};

/**
 * Writes one session's records (rubrics, stations, candidates, raters, recordings, runs, marks,
 * spans, adjudications) and the whole audit chain into a bundle file, optionally with the videos,
 * signed with this workstation's key and carrying its audit anchor.
 */
export function exportBundle(
  db: Db,
  opts: {
    session: string;
    out: string;
    withMedia?: boolean;
    workstation: string;
    actor: string;
    keys: InstallationKeys | null;
    label?: string;
  },
): { file: string; entries: number; media: number; checksum: string; signer: string } {
  if (!opts.keys)
    throw new BundleKeysUnavailableError(
      'This process cannot open the workstation key, so it cannot sign a bundle; export from the desktop app.',
    );
  const session = sessionRecord(db, opts.session);
  if (!session) throw new NotFoundError(`Exam session '${opts.session}'`);
  const sid = session.id as number;
  const entries: { kind: EntryKind; key: string; body: string; sha256: string }[] = [];
  const seen = new Map<string, string>();
  const add = (kind: EntryKind, k: string, value: Row) => {
    const body = JSON.stringify(pick(kind, value));
    const id = `${kind}\t${k}`;
    // A candidate examined at several stations is one record, added once.
    if (seen.has(id)) {
      if (seen.get(id) !== body) throw new Error(`two different ${kind} records share the key ${k}`);
      return;
    }
    seen.set(id, body);
    entries.push({ kind, key: k, body, sha256: sha256Hex(body) });
  };

  const raters = new Map<number, string>();
  const raterRows = records(allRaters(db));
  for (const r of raterRows) raters.set(r.id as number, raterKey(r as never));
  const usedRaters = new Set<number>();
  const rk = (id: unknown) => {
    if (id == null) return null;
    usedRaters.add(id as number);
    return raters.get(id as number) ?? null;
  };

  add('session', opts.session, session);
  const stations = records(stationsOfSession(db, sid));
  const rubricKeys = new Set<string>();
  for (const st of stations) {
    add('station', stationKey(opts.session, st.code as string), { ...st, session: opts.session });
    rubricKeys.add(key(st.rubric_id, st.rubric_version));
  }
  const recordings = records(placedRecordingsOfSession(db, sid));
  const shaOf = new Map<number, string>(recordings.map((r) => [r.id as number, r.sha256 as string]));
  const recIds = [...shaOf.keys()];
  const inRecs = (table: Parameters<typeof rowsOfRecordings>[1]) => rowsOfRecordings(db, table, recIds);

  for (const r of recordings) {
    if (r.candidate_code) add('candidate', r.candidate_code as string, { code: r.candidate_code });
    add('recording', r.sha256 as string, {
      ...r,
      session: opts.session,
      station: r.station_code,
      candidate: r.candidate_code ?? null,
      media_ext: extOf(String(r.stored_path)),
    });
  }
  for (const e of inRecs('recording_examiners')) {
    add('recording_examiner', key(shaOf.get(e.recording_id as number), rk(e.rater_id)), {
      recording: shaOf.get(e.recording_id as number),
      rater: rk(e.rater_id),
    });
  }
  // Finished runs only: a run still queued here belongs to this workstation's queue.
  const runs = inRecs('model_runs');
  const runKeyOf = new Map<number, string>(runs.map((r) => [r.id as number, runKey(r as never)]));
  for (const r of runs) {
    rubricKeys.add(key(r.rubric_id, r.rubric_version));
    add('model_run', runKeyOf.get(r.id as number)!, {
      ...r,
      // Bundles carry the accepted answer as the JSON of its typed form (model_run_answers here).
      parsed: answerAsJson(runAnswer(db, r.id as number)),
      recording: shaOf.get(r.recording_id as number),
      rater: rk(r.rater_id),
      superseded_by: r.superseded_by == null ? null : (runKeyOf.get(r.superseded_by as number) ?? null),
    });
  }
  for (const m of inRecs('markings')) {
    rubricKeys.add(key(m.rubric_id, m.rubric_version));
    add('marking', key(shaOf.get(m.recording_id as number), rk(m.rater_id)), {
      ...m,
      recording: shaOf.get(m.recording_id as number),
      rater: rk(m.rater_id),
    });
  }
  for (const s of inRecs('step_scores')) {
    rubricKeys.add(key(s.rubric_id, s.rubric_version));
    add('step_score', key(shaOf.get(s.recording_id as number), rk(s.rater_id), s.step_id), {
      ...s,
      recording: shaOf.get(s.recording_id as number),
      rater: rk(s.rater_id),
      run: s.run_id == null ? null : (runKeyOf.get(s.run_id as number) ?? null),
    });
  }
  for (const s of inRecs('step_spans')) {
    add('step_span', key(shaOf.get(s.recording_id as number), s.step_id), {
      ...s,
      recording: shaOf.get(s.recording_id as number),
      rater: rk(s.rater_id),
    });
  }
  for (const a of inRecs('adjudications')) {
    rubricKeys.add(key(a.rubric_id, a.rubric_version));
    add('adjudication', key(shaOf.get(a.recording_id as number), a.step_id), {
      ...a,
      recording: shaOf.get(a.recording_id as number),
      adjudicator: rk(a.adjudicator_id),
    });
  }
  for (const r of raterRows) if (usedRaters.has(r.id as number)) add('rater', raters.get(r.id as number)!, r);
  for (const k of rubricKeys) {
    const [id, version] = JSON.parse(k) as [string, number];
    const rub = rubricRow(db, id, version);
    if (rub) add('rubric', k, { ...rub });
  }

  const partial = partialPathFor(opts.out);
  try {
    const media: { sha256: string; ext: string }[] = [];
    let manifest: Record<string, string> = {};
    // The chain and the anchor are read together, so the anchor the bundle carries is its head.
    db.transaction(() => {
      for (const ev of auditRows(db)) add('audit_event', String(ev.seq).padStart(12, '0'), ev as unknown as Row);
    })();
    const anchor = readAnchorFile(anchorFilePath(db.name));
    writeBundleFile(partial, (w) => {
      for (const e of entries) w.entry(e.kind, e.key, e.body, e.sha256);
      if (opts.withMedia) {
        for (const r of recordings) {
          const file = String(r.stored_path);
          if (!existsSync(file)) throw new NotFoundError(`The video of recording ${String(r.id)} (${file})`);
          if (statSync(file).size > MAX_BLOB_BYTES) throw new BundleMediaTooLargeError(file);
          const data = readFileSync(file);
          if (sha256Hex(data) !== r.sha256)
            throw new Error(
              `The video of recording ${String(r.id)} (${file}) changed since it was imported; run Verify files.`,
            );
          w.media(r.sha256 as string, extOf(file), data);
          media.push({ sha256: r.sha256 as string, ext: extOf(file) });
        }
      }
      manifest = {
        format: BUNDLE_FORMAT,
        format_version: String(BUNDLE_FORMAT_VERSION),
        schema_version: String(SCHEMA_VERSION),
        created_at: nowIso(),
        workstation: opts.workstation,
        workstation_label: (opts.label ?? opts.workstation).slice(0, 200),
        session: opts.session,
        with_media: opts.withMedia ? '1' : '0',
        entries: String(entries.length),
        media: String(media.length),
        content_checksum: contentChecksum(entries, media),
        signer_public_key: opts.keys!.publicKeyB64,
        ...(typeof anchor === 'object' ? { audit_anchor: JSON.stringify(anchor) } : {}),
      };
      manifest.signature = signManifest(manifest, opts.keys!.privateKey);
      for (const [k, v] of Object.entries(manifest)) w.manifest(k, v);
    });
    renameSync(partial, opts.out);
    db.transaction(() =>
      appendAudit(db, {
        actor: opts.actor,
        action: 'export',
        entity: 'bundle',
        entityId: manifest.content_checksum!,
        after: {
          session: opts.session,
          file: opts.out,
          entries: entries.length,
          media: media.length,
          signer: opts.keys!.fingerprint,
        },
      }),
    )();
    return {
      file: resolve(opts.out),
      entries: entries.length,
      media: media.length,
      checksum: manifest.content_checksum!,
      signer: opts.keys.fingerprint,
    };
  } catch (err) {
    removeSqliteFiles(partial);
    if (isDiskFull(err)) throw diskFullError(opts.out, err);
    throw err;
  }
}
