import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection';
import { SCHEMA_VERSION } from '../../db/migrate';
import { computeAgreement } from '../../domain/agreement/compute';
import { toAgreementJson } from '../../domain/agreement/agreement-json';
import { builtinRubric } from '../../domain/rubric/builtin';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { workstationId } from '../core/workstation';
import { BundleRefusedError, decideConflict, exportBundle, importBundle, listConflicts } from '.';
import { runAnswer } from '../../db/queries/model-runs';
import { seedSuggestions } from '../../tests/support/review-fixtures';
import { loadSuggestions } from '../review/suggestions';

const cpr = builtinRubric('cpr')!;
const now = '2026-11-20T09:00:00.000Z';
const sha = (n: number) => createHash('sha256').update(`recording-${n}`).digest('hex');

function workstation(dir: string, name: string) {
  const dbPath = join(dir, `${name}.sqlite`);
  const opened = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  return { ...opened, dbPath, db: opened.ctx.db, libraryDir: opened.ctx.libraryDir };
}

/** The same session and the same recordings (same bytes, same hashes) imported on a workstation. */
function seedSession(db: Db, recordings: number) {
  db.prepare(`INSERT INTO exam_sessions (name, exam_date, created_at) VALUES ('Spring OSCE', '2026-11-20', ?)`).run(
    now,
  );
  db.prepare(`INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (1, 'cpr', 'cpr', 1)`).run();
  for (let i = 1; i <= recordings; i++) {
    db.prepare(`INSERT INTO candidates (code, created_at) VALUES (?, ?)`).run(`C${i}`, now);
    db.prepare(
      `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage, size_bytes,
        duration_s, width, height, video_codec, has_audio, imported_at)
       VALUES (?, 1, 1, ?, ?, ?, 'reference', 1000, 90, 1280, 720, 'h264', 1, ?)`,
    ).run(sha(i), i, `/videos/cand ${i}.mp4`, `/videos/cand ${i}.mp4`, now);
  }
}

/** One examiner's submitted marks: deterministic, with some deductions. */
function mark(db: Db, examiner: string, recordings: number, offset: number) {
  const rater = db
    .prepare(`INSERT INTO raters (kind, name, created_at) VALUES ('examiner', ?, ?) RETURNING id`)
    .pluck()
    .get(examiner, now);
  for (let i = 1; i <= recordings; i++) {
    const rec = db.prepare('SELECT id FROM recordings WHERE sha256 = ?').pluck().get(sha(i));
    db.prepare(
      `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, submitted_at, created_at) VALUES (?, ?, 'cpr', 1, 'submitted', ?, ?)`,
    ).run(rec, rater, now, now);
    cpr.steps.forEach((step, s) => {
      const allowed = step.allowed_scores;
      const score = allowed[(i * 7 + s * 3 + offset) % allowed.length]!;
      db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, source, updated_at)
         VALUES (?, ?, 'cpr', 1, ?, ?, 'examiner', ?)`,
      ).run(rec, rater, step.id, score, now);
    });
  }
}

function agreementJson(db: Db) {
  const max = new Map(cpr.steps.map((s) => [s.id, s.max_points]));
  const rows = (
    db
      .prepare(
        `SELECT r.sha256 AS recordingId, s.step_id AS stepId, ra.name AS rater, s.score FROM step_scores s
     JOIN recordings r ON r.id = s.recording_id JOIN raters ra ON ra.id = s.rater_id WHERE ra.kind = 'examiner'`,
      )
      .all() as { recordingId: string; stepId: string; rater: string; score: number }[]
  ).map((r) => ({ ...r, maxScore: max.get(r.stepId)! }));
  return toAgreementJson(computeAgreement(rows, { a: 'Dr Ames', b: 'Dr Baker', bootstrap: 200, seed: 7 }));
}

const tableCounts = (db: Db) =>
  Object.fromEntries(
    (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .pluck()
        .all() as string[]
    ).map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
  );

describe('exam bundles', () => {
  it("carries a model run's accepted answer to the other workstation, stored there in its typed form", () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-answers-'));
    const w1 = workstation(dir, 'w1');
    seedSession(w1.db, 1);
    const { runId } = seedSuggestions(w1.db, 1, cpr, {
      score: (step) => step.allowed_scores[0]!,
      evidenceS: (_step, i) => [i, i + 0.5],
    });
    const sent = runAnswer(w1.db, runId)!;
    const bundle = exportBundle(w1.db, {
      session: 'Spring OSCE',
      out: join(dir, 'w1.bundle'),
      workstation: 'w1',
      actor: 't',
      keys: w1.ctx.keys,
    });
    const w2 = workstation(dir, 'w2');
    importBundle(w2.db, bundle.file, { libraryDir: w2.libraryDir, actor: 't', keys: w2.ctx.keys, trust: true });
    const arrived = w2.db.prepare(`SELECT id, parsed FROM model_runs`).get() as { id: number; parsed: string | null };
    expect(arrived.parsed).toBeNull();
    expect(runAnswer(w2.db, arrived.id)).toEqual(sent);
    const shown = loadSuggestions(w2.db, 1, cpr)[0]!.steps[1]!;
    expect(shown).toMatchObject({
      score: cpr.steps[1]!.allowed_scores[0],
      evidenceS: [1, 1.5],
      rationale: sent.steps[cpr.steps[1]!.id]!.rationale,
    });
  });

  it('merges two workstations into a third with the same agreement as marking on one machine; a second import changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-'));
    const one = workstation(dir, 'single');
    seedSession(one.db, 12);
    mark(one.db, 'Dr Ames', 12, 0);
    mark(one.db, 'Dr Baker', 12, 1);

    const w1 = workstation(dir, 'w1');
    seedSession(w1.db, 12);
    mark(w1.db, 'Dr Ames', 12, 0);
    const w2 = workstation(dir, 'w2');
    seedSession(w2.db, 12);
    mark(w2.db, 'Dr Baker', 12, 1);
    const b1 = exportBundle(w1.db, {
      session: 'Spring OSCE',
      out: join(dir, 'w1.bundle'),
      workstation: workstationId(w1.db),
      actor: 't',
      keys: w1.ctx.keys,
    });
    const b2 = exportBundle(w2.db, {
      session: 'Spring OSCE',
      out: join(dir, 'w2.bundle'),
      workstation: workstationId(w2.db),
      actor: 't',
      keys: w2.ctx.keys,
    });

    const w3 = workstation(dir, 'w3');
    const r1 = importBundle(w3.db, b1.file, { libraryDir: w3.libraryDir, actor: 't', keys: w3.ctx.keys, trust: true });
    const r2 = importBundle(w3.db, b2.file, { libraryDir: w3.libraryDir, actor: 't', keys: w3.ctx.keys, trust: true });
    expect(r1.added.recording).toBe(12);
    expect(r2.added.recording).toBeUndefined();
    expect(r2.added.step_score).toBe(12 * 19);
    expect(r1.conflicts).toEqual([]);
    expect(r2.conflicts).toEqual([]);
    expect(agreementJson(w3.db)).toEqual(agreementJson(one.db));

    const before = tableCounts(w3.db);
    const again = importBundle(w3.db, b2.file, {
      libraryDir: w3.libraryDir,
      actor: 't',
      keys: w3.ctx.keys,
      trust: true,
    });
    expect(again.alreadyImported).toBe(true);
    expect(tableCounts(w3.db)).toEqual(before);
    for (const w of [one, w1, w2, w3]) w.close();
  });

  it('lists a conflicting mark of the same examiner instead of overwriting it, and settles it with a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-'));
    const w1 = workstation(dir, 'w1');
    seedSession(w1.db, 2);
    mark(w1.db, 'Dr Ames', 2, 0);
    const w2 = workstation(dir, 'w2');
    seedSession(w2.db, 2);
    mark(w2.db, 'Dr Ames', 2, 0);
    // The same examiner changed one step on the other workstation.
    w2.db
      .prepare(`UPDATE step_scores SET score = 0 WHERE step_id = 'cpr.compression_depth' AND recording_id = 1`)
      .run();
    const localScore = w1.db
      .prepare(`SELECT score FROM step_scores WHERE step_id = 'cpr.compression_depth' AND recording_id = 1`)
      .pluck()
      .get();
    expect(localScore).not.toBe(0);

    const b2 = exportBundle(w2.db, {
      session: 'Spring OSCE',
      out: join(dir, 'w2.bundle'),
      workstation: workstationId(w2.db),
      actor: 't',
      keys: w2.ctx.keys,
    });
    const r = importBundle(w1.db, b2.file, { libraryDir: w1.libraryDir, actor: 't', keys: w1.ctx.keys, trust: true });
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: 'step_score', local: { score: localScore }, incoming: { score: 0 } });
    expect(
      w1.db
        .prepare(`SELECT score FROM step_scores WHERE step_id = 'cpr.compression_depth' AND recording_id = 1`)
        .pluck()
        .get(),
    ).toBe(localScore);
    expect(listConflicts(w1.db)).toHaveLength(1);

    expect(() => decideConflict(w1.db, r.conflicts[0]!.id, 'take-incoming', '  ', 'lead')).toThrow(
      /reason is required/,
    );
    decideConflict(w1.db, r.conflicts[0]!.id, 'take-incoming', 'Dr Ames confirmed the later mark', 'lead');
    expect(
      w1.db
        .prepare(`SELECT score FROM step_scores WHERE step_id = 'cpr.compression_depth' AND recording_id = 1`)
        .pluck()
        .get(),
    ).toBe(0);
    expect(listConflicts(w1.db)).toHaveLength(0);
    w1.close();
    w2.close();
  });

  it('refuses a tampered bundle, a bad video checksum, a newer schema and an unknown rubric version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-'));
    const w1 = workstation(dir, 'w1');
    seedSession(w1.db, 2);
    mark(w1.db, 'Dr Ames', 2, 0);
    // Recordings are keyed by the hash of their bytes, so the test videos' hashes are the keys.
    for (const id of [1, 2]) {
      const video = join(dir, `video-${id}.mp4`);
      const bytes = Buffer.from(`pretend video bytes ${id}`);
      writeFileSync(video, bytes);
      w1.db
        .prepare(`UPDATE recordings SET stored_path = ?, sha256 = ? WHERE id = ?`)
        .run(video, createHash('sha256').update(bytes).digest('hex'), id);
    }
    const good = exportBundle(w1.db, {
      session: 'Spring OSCE',
      out: join(dir, 'good.bundle'),
      withMedia: true,
      workstation: 'w1',
      actor: 't',
      keys: w1.ctx.keys,
    });
    const target = workstation(dir, 'target');
    const copy = (name: string, edit: (db: Database.Database) => void) => {
      const f = join(dir, name);
      writeFileSync(f, readFileSync(good.file));
      const db = new Database(f);
      edit(db);
      db.close();
      return f;
    };
    const cases: [string, RegExp][] = [
      [
        copy('tampered.bundle', (db) =>
          db
            .prepare(
              `UPDATE bundle_entries SET body = replace(body, '"score":', '"score":1+') WHERE kind = 'step_score'`,
            )
            .run(),
        ),
        /bad checksum for step_score/,
      ],
      [
        copy('resigned.bundle', (db) => {
          const row = db.prepare(`SELECT key, body FROM bundle_entries WHERE kind = 'step_score' LIMIT 1`).get() as {
            key: string;
            body: string;
          };
          const body = row.body.replace(/"score":(\d+(\.\d+)?)/, '"score":0.5');
          expect(body).not.toBe(row.body);
          db.prepare(`UPDATE bundle_entries SET body = ?, sha256 = ? WHERE kind = 'step_score' AND key = ?`).run(
            body,
            createHash('sha256').update(body).digest('hex'),
            row.key,
          );
        }),
        /bad content checksum/,
      ],
      [
        copy('media.bundle', (db) => db.prepare(`UPDATE bundle_media SET data = X'00'`).run()),
        /bad checksum for the video/,
      ],
      [
        copy('newer.bundle', (db) =>
          db
            .prepare(`UPDATE bundle_manifest SET value = ? WHERE key = 'schema_version'`)
            .run(String(SCHEMA_VERSION + 1)),
        ),
        /newer version of the app/,
      ],
      [
        copy('deleted.bundle', (db) => db.prepare(`DELETE FROM bundle_entries WHERE kind = 'rubric'`).run()),
        /number of records its manifest names/,
      ],
    ];
    for (const [file, why] of cases) {
      expect(
        () =>
          importBundle(target.db, file, {
            libraryDir: target.libraryDir,
            actor: 't',
            keys: target.ctx.keys,
            trust: true,
          }),
        file,
      ).toThrow(BundleRefusedError);
      expect(
        () =>
          importBundle(target.db, file, {
            libraryDir: target.libraryDir,
            actor: 't',
            keys: target.ctx.keys,
            trust: true,
          }),
        file,
      ).toThrow(why);
    }
    expect(target.db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(0);

    // A rubric version this workstation has with different content.
    target.db.prepare(`UPDATE rubrics SET content_hash = 'different' WHERE id = 'cpr' AND version = 1`).run();
    expect(() =>
      importBundle(target.db, good.file, {
        libraryDir: target.libraryDir,
        actor: 't',
        keys: target.ctx.keys,
        trust: true,
      }),
    ).toThrow(/rubric cpr version 1 in the bundle differs/);

    // Imported with the video: the library holds the same bytes.
    const fresh = workstation(dir, 'fresh');
    const r = importBundle(fresh.db, good.file, {
      libraryDir: fresh.libraryDir,
      actor: 't',
      keys: fresh.ctx.keys,
      trust: true,
    });
    expect(r.added.recording).toBe(2);
    const stored = fresh.db
      .prepare(`SELECT r.stored_path FROM recordings r JOIN candidates c ON c.id = r.candidate_id WHERE c.code = 'C1'`)
      .pluck()
      .get() as string;
    expect(readFileSync(stored).toString()).toBe('pretend video bytes 1');
    for (const w of [w1, target, fresh]) w.close();
  });
});
