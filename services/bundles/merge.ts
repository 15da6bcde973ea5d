import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/connection';
import { insertRunAnswer } from '../../db/queries/model-runs';
import { ParsedAnswerSchema } from '../../domain/scoring/answer';
import {
  bundleImported,
  importedChainEnd,
  importedEventHash,
  insertRecord,
  localRecords,
  naturalIds,
} from '../../db/queries/bundles';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { diskFullError, isDiskFull } from '../integrity/files';
import type { InstallationKeys } from '../integrity/keys';
import type { AdjudicationFact, MarkFact } from '../integrity/replay';
import { copyRelPath, libraryPath } from '../recordings/library';
import { adjudicatorBarrier } from '../review/duties';
import { BundleRefusedError, sha256Hex, UnknownSignerError, type EntryKind } from './format';
import { raterKey, runKey } from './keys';
import { readBundle, type BundleContents, type BundleSigner } from './read';
import { checkBundleSemantics } from './semantics';
import { isTrustedSigner, trustSigner } from './trust';
import { refreshReviewStatuses } from '../review/review-status';

type Row = Record<string, unknown>;

export interface MergeConflict {
  kind: 'step_score' | 'adjudication' | 'step_span' | 'station' | 'marking' | 'session' | 'recording';
  key: string;
  local: Row;
  incoming: Row;
}

export interface BundleImportResult {
  file: string;
  checksum: string;
  session: string;
  signer: BundleSigner & { trusted: boolean; newlyTrusted: boolean; thisWorkstation: boolean };
  alreadyImported: boolean;
  /** True for a preview: what an import would do; nothing was written. */
  preview: boolean;
  added: Partial<Record<EntryKind, number>>;
  unchanged: number;
  conflicts: (MergeConflict & { id: number })[];
}

export interface ImportOptions {
  libraryDir: string;
  actor: string;
  /** This workstation's keys: its own bundles need no confirmation. */
  keys: InstallationKeys | null;
  /** The user confirmed the signer: true, or (safer, from a UI) the fingerprint they were shown. */
  trust?: boolean | string;
  preview?: boolean;
}

const insert = insertRecord;

class PreviewRollback extends Error {}

/**
 * Merges a checked, signed bundle: records are matched by natural keys (recordings by hash), marks
 * of different examiners combine, and every difference from what is here (a score, a blind score,
 * a comment, an adjudication's score or reason, a marking's status, a station's rubric) is listed
 * as a conflict for someone to decide: nothing is overwritten and nothing silently dropped.
 * Re-importing the same bundle changes nothing. All of it is one transaction; the only files
 * written are content-addressed videos in the library, removed again if the merge fails.
 */
export function importBundle(db: Db, file: string, opts: ImportOptions): BundleImportResult {
  const known = (s: BundleSigner) => opts.keys?.fingerprint === s.fingerprint || isTrustedSigner(db, s.fingerprint);
  const confirmedFor = (s: BundleSigner) => opts.trust === true || opts.trust === s.fingerprint;
  // An unknown signer is refused from the signed manifest, before the bulk of the file is read.
  const bundle = readBundle(file, { signerAccepted: (s) => known(s) || confirmedFor(s) || Boolean(opts.preview) });
  const created: string[] = [];
  try {
    const signer = bundle.signer;
    const thisWorkstation = opts.keys?.fingerprint === signer.fingerprint;
    const trusted = known(signer);
    const confirmed = confirmedFor(signer);
    if (!trusted && !confirmed && !opts.preview) throw new UnknownSignerError(file, signer.fingerprint, signer.label);
    const checksum = bundle.manifest.content_checksum!;
    const base: BundleImportResult = {
      file,
      checksum,
      session: bundle.manifest.session ?? '',
      signer: { ...signer, trusted, newlyTrusted: false, thisWorkstation },
      alreadyImported: false,
      preview: Boolean(opts.preview),
      added: {},
      unchanged: 0,
      conflicts: [],
    };
    if (bundleImported(db, checksum)) return { ...base, alreadyImported: true };
    checkBundleSemantics(db, file, bundle);
    checkImportedChain(db, file, bundle);
    let outcome: BundleImportResult | null = null;
    try {
      db.transaction(() => {
        if (!trusted && confirmed && !opts.preview) {
          trustSigner(
            db,
            { fingerprint: signer.fingerprint, publicKey: signer.publicKey, label: signer.label },
            opts.actor,
          );
          base.signer.newlyTrusted = true;
        }
        outcome = merge(db, bundle, base, opts, created);
        refreshReviewStatuses(db);
        if (opts.preview) throw new PreviewRollback();
      }).immediate();
    } catch (err) {
      if (!(err instanceof PreviewRollback)) throw err;
    }
    return outcome!;
  } catch (err) {
    for (const f of created) rmSync(f, { force: true });
    if (isDiskFull(err)) throw diskFullError(opts.libraryDir, err);
    throw err;
  } finally {
    bundle.close();
  }
}

/** Our earlier copy of the signer's chain must agree, event by event (sequence AND hash), with this one. */
function checkImportedChain(db: Db, file: string, b: BundleContents) {
  const last = importedChainEnd(db, b.signer.fingerprint);
  const incoming = b.entries.get('audit_event')!;
  for (const { value: e } of incoming) {
    const hash = importedEventHash(db, b.signer.fingerprint, e.seq);
    if (hash !== undefined && hash !== e.hash) {
      throw new BundleRefusedError(
        file,
        `its audit trail contradicts the copy imported earlier from the same workstation: event ${String(e.seq)} differs (that workstation's trail was rewritten)`,
      );
    }
  }
  const incomingHead = incoming.length ? Number(incoming.at(-1)!.value.seq) : 0;
  if (last !== null && incomingHead < last) {
    throw new BundleRefusedError(
      file,
      `its audit trail ends at event ${incomingHead}, but an earlier bundle from the same workstation already reached event ${last} (events were deleted)`,
    );
  }
}

/** Writes a video into the library under its hash: a new file only, never over another one. */
function placeMedia(libraryDir: string, sha: string, ext: string, data: Buffer, created: string[]): string {
  const { abs } = libraryPath(libraryDir, 'copy', sha, ext);
  if (existsSync(abs)) {
    if (sha256Hex(readFileSync(abs)) === sha) return abs;
    throw new BundleRefusedError(abs, 'a different file already has this recording\u2019s name in the library');
  }
  const temp = join(libraryDir, `.incoming-${process.pid}-${randomBytes(6).toString('hex')}.${ext}`);
  const fd = openSync(temp, 'wx', 0o644);
  created.push(temp);
  try {
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, abs);
  created[created.indexOf(temp)] = abs;
  return abs;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const pickFields = (row: Row, fields: string[]) => Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));

function merge(
  db: Db,
  b: BundleContents,
  result: BundleImportResult,
  opts: ImportOptions,
  created: string[],
): BundleImportResult {
  const count = (k: EntryKind) => (result.added[k] = (result.added[k] ?? 0) + 1);
  const raterId = (k: unknown) => {
    if (k == null) return null;
    const [kind, name, configKey] = JSON.parse(k as string) as string[];
    return naturalIds.rater(db, kind, name, configKey);
  };
  const recId = (sha: unknown) => naturalIds.recording(db, sha);
  const runId = (k: unknown) => {
    if (k == null) return null;
    const [idem, createdAt] = JSON.parse(k as string) as string[];
    return naturalIds.run(db, idem, createdAt);
  };
  const conflict = (c: MergeConflict) => {
    const cid = insert(db, 'merge_conflicts', {
      bundle_checksum: result.checksum,
      kind: c.kind,
      key: c.key,
      local: JSON.stringify(c.local),
      incoming: JSON.stringify(c.incoming),
      status: 'open',
      created_at: nowIso(),
    });
    result.conflicts.push({ ...c, id: cid });
  };
  const each = (kind: EntryKind, fn: (v: Row, key: string) => 'added' | 'same' | 'conflict') => {
    for (const { key, value } of b.entries.get(kind)!) {
      const r = fn(value, key);
      if (r === 'added') count(kind);
      else if (r === 'same') result.unchanged++;
    }
  };
  /** Same record on both sides: 'same' when these fields agree, else a conflict listing exactly them. */
  const compare = (kind: MergeConflict['kind'], key: string, local: Row, incoming: Row, fields: string[]) => {
    if (fields.every((f) => same(local[f], incoming[f]))) return 'same' as const;
    conflict({ kind, key, local: pickFields(local, fields), incoming: pickFields(incoming, fields) });
    return 'conflict' as const;
  };
  // What the merge writes, recorded as written (not read back) for the audit replay.
  const recordedMarks: MarkFact[] = [];
  const recordedAdj: AdjudicationFact[] = [];

  each('rubric', (r) =>
    localRecords.rubricExists(db, r.id, r.version) ? 'same' : (insert(db, 'rubrics', r), 'added'),
  );
  each('session', (s, key) => {
    const local = localRecords.session(db, s.name);
    if (!local) return (insert(db, 'exam_sessions', s), 'added');
    return compare('session', key, local, s, ['exam_date', 'site', 'blind_first']);
  });
  each('station', (s, key) => {
    const sid = naturalIds.session(db, s.session)!;
    const local = localRecords.station(db, sid, s.code);
    if (!local) return (insert(db, 'stations', { ...s, session_id: sid }), 'added');
    return compare('station', key, local, s, ['rubric_id', 'rubric_version']);
  });
  each('candidate', (c) =>
    naturalIds.candidate(db, c.code)
      ? 'same'
      : (insert(db, 'candidates', { code: c.code, created_at: nowIso() }), 'added'),
  );
  each('rater', (r) => (raterId(raterKey(r as never)) ? 'same' : (insert(db, 'raters', r), 'added')));
  each('recording', (r, key) => {
    const sessionId = naturalIds.session(db, r.session)!;
    const stationId = naturalIds.station(db, sessionId, r.station);
    const candidateId = r.candidate == null ? null : naturalIds.candidate(db, r.candidate);
    const local = localRecords.recordingPlace(db, r.sha256);
    if (local) return compare('recording', key, local, r, ['session', 'station', 'candidate']);
    // The file's place comes from its hash and an allowed extension only; a path in the bundle is never used.
    const ext = String(r.media_ext).slice(1);
    const media = opts.preview ? null : b.media(r.sha256 as string);
    const stored = media
      ? placeMedia(opts.libraryDir, String(r.sha256), ext, media.data, created)
      : opts.preview
        ? join(opts.libraryDir, copyRelPath(String(r.sha256), ext))
        : libraryPath(opts.libraryDir, 'copy', String(r.sha256), ext).abs;
    insert(db, 'recordings', {
      ...r,
      session_id: sessionId,
      station_id: stationId,
      candidate_id: candidateId,
      stored_path: stored,
      storage: 'copy',
      file_status: b.hasMedia(r.sha256 as string) ? 'ok' : 'missing',
    });
    return 'added';
  });
  each('recording_examiner', (e) => {
    const row = { recording_id: recId(e.recording), rater_id: raterId(e.rater) };
    if (localRecords.recordingExaminer(db, row.recording_id, row.rater_id)) return 'same';
    insert(db, 'recording_examiners', row);
    return 'added';
  });
  each('model_run', (r) => {
    if (runId(runKey(r as never))) return 'same';
    // The same request answered on two workstations: keep both, the local one stays current.
    const current = naturalIds.currentDoneRun(db, r.idempotency_key);
    const { parsed, ...run } = r;
    const newId = insert(db, 'model_runs', {
      ...run,
      recording_id: recId(r.recording),
      rater_id: raterId(r.rater),
      superseded_by: r.status === 'done' && current ? current : runId(r.superseded_by),
    });
    // Checked by the record schema already; stored in its typed form, never as the JSON it came in.
    if (typeof parsed === 'string') insertRunAnswer(db, newId, ParsedAnswerSchema.parse(JSON.parse(parsed)));
    return 'added';
  });
  each('marking', (m, key) => {
    const rec = recId(m.recording),
      rater = raterId(m.rater);
    const local = localRecords.marking(db, rec, rater);
    if (!local) return (insert(db, 'markings', { ...m, recording_id: rec, rater_id: rater }), 'added');
    return compare('marking', key, local, m, ['status', 'revealed_at', 'submitted_at', 'rubric_id', 'rubric_version']);
  });
  const SCORE_FIELDS = ['score', 'blind_score', 'not_assessable', 'not_assessable_reason', 'comment'];
  each('step_score', (s, key) => {
    const rec = recId(s.recording),
      rater = raterId(s.rater);
    const local = localRecords.stepScore(db, rec, rater, s.step_id);
    if (!local) {
      insert(db, 'step_scores', { ...s, recording_id: rec, rater_id: rater, run_id: runId(s.run) });
      if ((JSON.parse(String(s.rater)) as string[])[0] === 'examiner')
        recordedMarks.push([
          rec!,
          rater!,
          String(s.step_id),
          (s.score ?? null) as number | null,
          (s.blind_score ?? null) as number | null,
          Number(s.not_assessable ?? 0),
        ]);
      return 'added';
    }
    return compare('step_score', key, local, s, SCORE_FIELDS);
  });
  each('step_span', (s, key) => {
    const rec = recId(s.recording);
    const local = localRecords.span(db, rec, s.step_id);
    if (!local) return (insert(db, 'step_spans', { ...s, recording_id: rec, rater_id: raterId(s.rater) }), 'added');
    return compare('step_span', key, local, s, ['start_s', 'end_s']);
  });
  each('adjudication', (a, key) => {
    const rec = recId(a.recording)!;
    const local = localRecords.adjudication(db, rec, a.step_id);
    const adjudicatorId = raterId(a.adjudicator);
    const incomingAdjudicator =
      a.adjudicator == null ? null : (JSON.parse(String(a.adjudicator)) as string[]).slice(0, 2).join('\t');
    const incoming = { ...a, adjudicator: incomingAdjudicator };
    // Separation of duties holds for a decision made elsewhere too: never merged, listed with the reason.
    const barrier =
      adjudicatorId === null
        ? null
        : adjudicatorBarrier(db, rec, {
            id: adjudicatorId,
            name: (JSON.parse(String(a.adjudicator)) as string[])[1]!,
          });
    if (barrier) {
      const fields = ['final_score', 'reason', 'adjudicator'];
      conflict({
        kind: 'adjudication',
        key,
        local: local ? pickFields(local, fields) : { final_score: null, reason: null, adjudicator: null },
        incoming: { ...pickFields(incoming, fields), refused: barrier },
      });
      return 'conflict';
    }
    if (!local) {
      insert(db, 'adjudications', { ...a, recording_id: rec, adjudicator_id: adjudicatorId });
      recordedAdj.push([rec, String(a.step_id), a.final_score as number, String(a.reason), adjudicatorId]);
      return 'added';
    }
    return compare('adjudication', key, local, incoming, ['final_score', 'reason', 'adjudicator']);
  });
  // The other workstation's audit chain is kept beside ours, verified, never spliced into it; keyed by its signing key.
  each('audit_event', (e) => {
    if (importedEventHash(db, b.signer.fingerprint, e.seq) !== undefined) return 'same';
    insert(db, 'imported_audit_events', {
      workstation: b.signer.fingerprint,
      seq: e.seq,
      hash: e.hash,
      event: JSON.stringify(e),
      bundle_checksum: result.checksum,
    });
    return 'added';
  });
  insert(db, 'imported_bundles', {
    checksum: result.checksum,
    file: result.file,
    session: result.session,
    workstation: b.manifest.workstation ?? '',
    imported_at: nowIso(),
    signer: b.signer.fingerprint,
  });
  appendAudit(db, {
    actor: opts.actor,
    action: 'import',
    entity: 'bundle',
    entityId: result.checksum,
    after: {
      file: result.file,
      session: result.session,
      signer: b.signer.fingerprint,
      added: result.added,
      conflicts: result.conflicts.length,
      recorded: { marks: recordedMarks, adjudications: recordedAdj },
    },
  });
  return result;
}
