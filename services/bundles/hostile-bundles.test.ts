/**
 * Issue 12, findings 1-5 and the bundle part of 10: crafted bundles, each made the way a hostile
 * colleague with the file would make it (checksums recomputed; for the content checks even
 * re-signed with the trusted workstation's own key), must be refused with a named reason, leave
 * the database unchanged and write nothing outside the library.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection';
import { builtinRubric } from '../../domain/rubric/builtin';
import { openServiceContext } from '../backend/open';
import type { InstallationKeys } from '../integrity/keys';
import { silentLogger } from '../core/log';
import { workstationId } from '../core/workstation';
import { BundleRefusedError, exportBundle, importBundle, listConflicts, UnknownSignerError } from '.';
import { contentChecksum, signManifest } from './format';

const cpr = builtinRubric('cpr')!;
const now = '2026-11-20T09:00:00.000Z';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'osce-hostile-'));
  dirs.push(d);
  return d;
};

function workstation(dir: string, name: string) {
  const dbPath = join(dir, name, 'osce.sqlite');
  const opened = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  return { ...opened, db: opened.ctx.db, libraryDir: opened.ctx.libraryDir, keys: opened.ctx.keys! };
}

/** One session, two recordings with real files, Dr Ames's submitted marks and an adjudication. */
function seed(db: Db, dir: string) {
  db.prepare(`INSERT INTO exam_sessions (name, exam_date, created_at) VALUES ('Spring OSCE', '2026-11-20', ?)`).run(
    now,
  );
  db.prepare(`INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (1, 'cpr', 'cpr', 1)`).run();
  const ames = db
    .prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', 'Dr Ames', ?) RETURNING id`)
    .pluck()
    .get(now);
  const lead = db
    .prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', 'Dr Lead', ?) RETURNING id`)
    .pluck()
    .get(now);
  for (const i of [1, 2]) {
    const video = join(dir, `video-${i}.mp4`);
    const bytes = Buffer.from(`pretend video bytes ${i}`);
    writeFileSync(video, bytes);
    db.prepare(`INSERT INTO candidates (code, created_at) VALUES (?, ?)`).run(`C${i}`, now);
    db.prepare(
      `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage, size_bytes,
        duration_s, width, height, video_codec, has_audio, imported_at)
       VALUES (?, 1, 1, ?, ?, ?, 'copy', ?, 90, 1280, 720, 'h264', 1, ?)`,
    ).run(createHash('sha256').update(bytes).digest('hex'), i, video, video, bytes.length, now);
    db.prepare(
      `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, submitted_at, created_at) VALUES (?, ?, 'cpr', 1, 'submitted', ?, ?)`,
    ).run(i, ames, now, now);
    for (const step of cpr.steps) {
      db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, blind_score, comment, source, updated_at)
         VALUES (?, ?, 'cpr', 1, ?, ?, ?, 'ok', 'examiner', ?)`,
      ).run(i, ames, step.id, step.max_points, step.max_points, now);
    }
    db.prepare(
      `INSERT INTO adjudications (recording_id, rubric_id, rubric_version, step_id, final_score, reason, adjudicator_id, created_at)
       VALUES (?, 'cpr', 1, ?, 0, 'no compressions seen', ?, ?)`,
    ).run(i, cpr.steps[0]!.id, lead, now);
  }
}

const counts = (db: Db) =>
  Object.fromEntries(
    (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .pluck()
        .all() as string[]
    ).map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
  );

/** Edits a copy of a bundle, then recomputes every checksum and signs it again with `keys`, as an insider could. */
function forge(source: string, file: string, keys: InstallationKeys, edit: (db: Database.Database) => void): string {
  writeFileSync(file, readFileSync(source));
  const db = new Database(file);
  edit(db);
  for (const r of db.prepare('SELECT rowid, body FROM bundle_entries').all() as { rowid: number; body: string }[]) {
    db.prepare('UPDATE bundle_entries SET sha256 = ? WHERE rowid = ?').run(
      createHash('sha256').update(r.body).digest('hex'),
      r.rowid,
    );
  }
  const entries = db.prepare('SELECT kind, key, sha256 FROM bundle_entries').all() as {
    kind: string;
    key: string;
    sha256: string;
  }[];
  const media = db.prepare('SELECT sha256, ext FROM bundle_media').all() as { sha256: string; ext: string }[];
  const manifest = Object.fromEntries(
    (db.prepare('SELECT key, value FROM bundle_manifest').all() as { key: string; value: string }[]).map((r) => [
      r.key,
      r.value,
    ]),
  );
  manifest.entries = String(entries.length);
  manifest.content_checksum = contentChecksum(entries, media);
  manifest.signer_public_key = keys.publicKeyB64;
  manifest.signature = signManifest(manifest, keys.privateKey);
  db.prepare('DELETE FROM bundle_manifest').run();
  for (const [k, v] of Object.entries(manifest))
    db.prepare('INSERT INTO bundle_manifest (key, value) VALUES (?, ?)').run(k, v);
  db.close();
  return file;
}

/** Edits one record's JSON in the bundle. */
const editRecord =
  (kind: string, change: (v: Record<string, unknown>) => void, which = 0) =>
  (db: Database.Database) => {
    const rows = db.prepare('SELECT rowid, body FROM bundle_entries WHERE kind = ? ORDER BY key').all(kind) as {
      rowid: number;
      body: string;
    }[];
    const row = rows[which]!;
    const v = JSON.parse(row.body) as Record<string, unknown>;
    change(v);
    db.prepare('UPDATE bundle_entries SET body = ? WHERE rowid = ?').run(JSON.stringify(v), row.rowid);
  };

function setup() {
  const dir = tmp();
  const w1 = workstation(dir, 'w1');
  seed(w1.db, dir);
  const good = exportBundle(w1.db, {
    session: 'Spring OSCE',
    out: join(dir, 'good.bundle'),
    withMedia: true,
    workstation: workstationId(w1.db),
    actor: 't',
    keys: w1.keys,
  });
  return { dir, w1, good: good.file };
}

/** Every file below `root`, as paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length));
}

describe('hostile exam bundles (issue 12)', () => {
  it('finding 1: a traversal string in every text field and in the media extension writes, overwrites and deletes nothing outside the library', () => {
    const { dir, w1, good } = setup();
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    const victim = join(outside, 'x.sh');
    writeFileSync(victim, 'keep me');
    const traversal = `/../../../../../../../../..${outside}/x.sh`;
    const cases: [string, (db: Database.Database) => void][] = [
      ['bundle_media.ext', (db) => db.prepare('UPDATE bundle_media SET ext = ?').run(traversal)],
    ];
    for (const kind of [
      'session',
      'station',
      'candidate',
      'rater',
      'recording',
      'marking',
      'step_score',
      'adjudication',
    ]) {
      const sample = new Database(good, { readonly: true });
      const body = JSON.parse(
        sample
          .prepare('SELECT body FROM bundle_entries WHERE kind = ? ORDER BY key LIMIT 1')
          .pluck()
          .get(kind) as string,
      ) as Record<string, unknown>;
      sample.close();
      for (const [field, value] of Object.entries(body)) {
        if (typeof value === 'string')
          cases.push([`${kind}.${field}`, editRecord(kind, (v) => (v[field] = traversal))]);
      }
    }
    expect(cases.length).toBeGreaterThan(30);
    const outcomes: string[] = [];
    for (const [name, edit] of cases) {
      const target = workstation(dir, `t-${name}`);
      const file = forge(good, join(dir, `${name}.bundle`), w1.keys, edit);
      let outcome = 'merged';
      try {
        importBundle(target.db, file, { libraryDir: target.libraryDir, actor: 't', keys: target.keys, trust: true });
      } catch (err) {
        expect(err, name).toBeInstanceOf(BundleRefusedError);
        outcome = 'refused';
      }
      outcomes.push(`${name}: ${outcome}`);
      // Every file this import wrote is a content-addressed video inside the library.
      for (const f of filesUnder(target.libraryDir)) expect(f, name).toMatch(/^\/[0-9a-f]{2}\/[0-9a-f]{64}\.mp4$/);
      target.close();
    }
    expect(filesUnder(outside)).toEqual(['/x.sh']);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // The path-like fields are refused outright; free text (a comment) is only ever stored as text.
    expect(outcomes).toContain('bundle_media.ext: refused');
    expect(outcomes).toContain('recording.media_ext: refused');
    expect(outcomes).toContain('recording.sha256: refused');
    w1.close();
  });

  it('finding 2: out-of-rubric scores, an unknown step and a stale rubric hash are refused even when re-signed by a trusted key', () => {
    const { dir, w1, good } = setup();
    const target = workstation(dir, 'target');
    const before = counts(target.db);
    const cases: [string, (db: Database.Database) => void, RegExp][] = [
      ['score999', editRecord('step_score', (v) => (v.score = 999)), /score 999 is not allowed for step/],
      ['blind999', editRecord('step_score', (v) => (v.blind_score = 999)), /\(blind score\): score 999 is not allowed/],
      [
        'unknown-step',
        editRecord('step_score', (v) => (v.step_id = 'cpr.made_up')),
        /step 'cpr\.made_up' is not in rubric cpr v1/,
      ],
      ['adjudication50', editRecord('adjudication', (v) => (v.final_score = 50)), /score 50 is not allowed/],
      [
        'stale-rubric-hash',
        editRecord('rubric', (v) => {
          const body = JSON.parse(String(v.body)) as { steps: { max_points: number; allowed_scores: number[] }[] };
          body.steps[0]!.max_points = 50;
          body.steps[0]!.allowed_scores = [0, 25, 50];
          v.body = JSON.stringify(body);
        }),
        /rubric cpr v1: its body (does not match its content hash|is not a valid rubric)/,
      ],
      [
        'span-outside',
        (db) =>
          db.prepare(`INSERT INTO bundle_entries VALUES ('step_span', 'x', ?, '')`).run(
            JSON.stringify({
              step_id: cpr.steps[0]!.id,
              start_s: 10,
              end_s: 5000,
              updated_at: now,
              recording: createHash('sha256').update('pretend video bytes 1').digest('hex'),
              rater: null,
            }),
          ),
        /not inside the recording/,
      ],
      ['negative-duration', editRecord('recording', (v) => (v.duration_s = -5)), /duration_s/],
      ['huge-name', editRecord('rater', (v) => (v.name = 'x'.repeat(100_000))), /name/],
    ];
    for (const [name, edit, why] of cases) {
      const file = forge(good, join(dir, `${name}.bundle`), w1.keys, edit);
      expect(
        () =>
          importBundle(target.db, file, { libraryDir: target.libraryDir, actor: 't', keys: target.keys, trust: true }),
        name,
      ).toThrow(why);
      expect(counts(target.db), name).toEqual(before);
    }
    expect(filesUnder(target.libraryDir)).toEqual([]);
    w1.close();
    target.close();
  });

  it('finding 3: an incoming blind score, adjudication reason and marking status that differ are each listed as a conflict, none dropped', () => {
    const dir = tmp();
    const w1 = workstation(dir, 'w1');
    seed(w1.db, dir);
    const w2 = workstation(dir, 'w2');
    seed(w2.db, dir);
    w2.db
      .prepare(`UPDATE step_scores SET blind_score = 0 WHERE recording_id = 1 AND step_id = ?`)
      .run(cpr.steps[3]!.id);
    w2.db
      .prepare(`UPDATE step_scores SET comment = 'hesitant' WHERE recording_id = 2 AND step_id = ?`)
      .run(cpr.steps[4]!.id);
    w2.db.prepare(`UPDATE adjudications SET reason = 'compressions too shallow' WHERE recording_id = 1`).run();
    w2.db.prepare(`UPDATE markings SET status = 'in_progress', submitted_at = NULL WHERE recording_id = 2`).run();
    const b = exportBundle(w2.db, {
      session: 'Spring OSCE',
      out: join(dir, 'w2.bundle'),
      workstation: 'w2',
      actor: 't',
      keys: w2.keys,
    });
    const r = importBundle(w1.db, b.file, { libraryDir: w1.libraryDir, actor: 't', keys: w1.keys, trust: true });
    const listed = r.conflicts.map((c) => [c.kind, Object.keys(c.local).filter((k) => c.local[k] !== c.incoming[k])]);
    expect(listed).toEqual(
      expect.arrayContaining([
        ['step_score', ['blind_score']],
        ['step_score', ['comment']],
        ['adjudication', ['reason']],
        ['marking', ['status', 'submitted_at']],
      ]),
    );
    expect(r.conflicts).toHaveLength(4);
    expect(listConflicts(w1.db)).toHaveLength(4);
    // Nothing was overwritten while the differences wait for a decision.
    expect(w1.db.prepare(`SELECT reason FROM adjudications WHERE recording_id = 1`).pluck().get()).toBe(
      'no compressions seen',
    );
    w1.close();
    w2.close();
  });

  it('finding 4: a view, a trigger, a recursive view, a FIFO, a wrong signature and an unknown signer are refused without running bundle SQL', () => {
    const { dir, w1, good } = setup();
    const target = workstation(dir, 'target');
    const before = counts(target.db);
    const asView = join(dir, 'view.bundle');
    writeFileSync(asView, readFileSync(good));
    let db = new Database(asView);
    db.exec(
      `ALTER TABLE bundle_entries RENAME TO real_entries; CREATE VIEW bundle_entries AS SELECT * FROM real_entries`,
    );
    db.close();
    const withTrigger = forge(good, join(dir, 'trigger.bundle'), w1.keys, (d) =>
      d.exec(`CREATE TRIGGER t AFTER INSERT ON bundle_media BEGIN DELETE FROM bundle_entries; END`),
    );
    const recursive = join(dir, 'recursive.bundle');
    writeFileSync(recursive, readFileSync(good));
    db = new Database(recursive);
    db.exec(
      `DROP TABLE bundle_entries; CREATE VIEW bundle_entries AS WITH RECURSIVE n(kind, key, body, sha256) AS (SELECT 'a', 'b', 'c', 'd' UNION ALL SELECT kind, key, body, sha256 FROM n) SELECT * FROM n`,
    );
    db.close();
    const fifo = join(dir, 'fifo.bundle');
    execFileSync('mkfifo', [fifo]);
    const wrongSignature = join(dir, 'signature.bundle');
    writeFileSync(wrongSignature, readFileSync(good));
    db = new Database(wrongSignature);
    db.prepare(`UPDATE bundle_manifest SET value = 'Evil OSCE' WHERE key = 'session'`).run();
    db.close();
    const cases: [string, RegExp][] = [
      [asView, /contains (table 'real_entries'|view 'bundle_entries')/],
      [withTrigger, /contains trigger 't'/],
      [recursive, /contains view 'bundle_entries'/],
      [fifo, /it is not a regular file/],
      [wrongSignature, /its signature does not match its content/],
    ];
    for (const [file, why] of cases) {
      const started = Date.now();
      expect(
        () =>
          importBundle(target.db, file, { libraryDir: target.libraryDir, actor: 't', keys: target.keys, trust: true }),
        file,
      ).toThrow(why);
      expect(Date.now() - started, file).toBeLessThan(5000);
    }
    expect(counts(target.db)).toEqual(before);

    // A correctly signed bundle from a workstation not yet trusted: refused, naming the fingerprint, until confirmed.
    expect(() =>
      importBundle(target.db, good, { libraryDir: target.libraryDir, actor: 't', keys: target.keys }),
    ).toThrow(UnknownSignerError);
    expect(() =>
      importBundle(target.db, good, { libraryDir: target.libraryDir, actor: 't', keys: target.keys }),
    ).toThrow(w1.keys.fingerprint);
    expect(() =>
      importBundle(target.db, good, {
        libraryDir: target.libraryDir,
        actor: 't',
        keys: target.keys,
        trust: 'f'.repeat(64),
      }),
    ).toThrow(UnknownSignerError);
    expect(counts(target.db)).toEqual(before);
    const r = importBundle(target.db, good, {
      libraryDir: target.libraryDir,
      actor: 't',
      keys: target.keys,
      trust: w1.keys.fingerprint,
    });
    expect(r.signer).toMatchObject({ fingerprint: w1.keys.fingerprint, newlyTrusted: true });
    expect(target.db.prepare('SELECT count(*) FROM trusted_signers').pluck().get()).toBe(1);
    // A stranger's key over the trusted workstation's content is a different signer, not the trusted one.
    const stranger = workstation(dir, 'stranger');
    const forged = forge(
      good,
      join(dir, 'stranger.bundle'),
      stranger.keys,
      editRecord('step_score', (v) => (v.comment = 'changed')),
    );
    expect(() =>
      importBundle(target.db, forged, { libraryDir: target.libraryDir, actor: 't', keys: target.keys }),
    ).toThrow(UnknownSignerError);
    for (const w of [w1, target, stranger]) w.close();
  });

  it('finding 10: a bundle recording without a video never becomes a reference to a path named in the bundle', () => {
    const { dir, w1 } = setup();
    w1.db.prepare(`UPDATE recordings SET original_path = '/etc/shadow'`).run();
    const b = exportBundle(w1.db, {
      session: 'Spring OSCE',
      out: join(dir, 'no-media.bundle'),
      workstation: 'w1',
      actor: 't',
      keys: w1.keys,
    });
    const target = workstation(dir, 'target');
    importBundle(target.db, b.file, { libraryDir: target.libraryDir, actor: 't', keys: target.keys, trust: true });
    const rows = target.db.prepare('SELECT stored_path, storage, file_status FROM recordings').all() as {
      stored_path: string;
      storage: string;
      file_status: string;
    }[];
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.stored_path.startsWith(target.libraryDir)).toBe(true);
      expect(r).toMatchObject({ storage: 'copy', file_status: 'missing' });
    }
    w1.close();
    target.close();
  });
});
