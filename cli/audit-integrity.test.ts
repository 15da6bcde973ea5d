/**
 * Issue 12, finding 7: each way of rewriting the audit trail outside the app is detected by
 * `osce audit verify` and named; another copy (a backup, a bundle) contradicts a rewrite that is
 * consistent in itself, compared by sequence AND hash.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../services/backend/open';
import { auditHash, type AuditRow } from '../services/integrity/audit';
import { adjudicateStep } from '../services/review/double';
import { submitMarking } from '../services/review/marking';
import { builtin, examiner, markAll, seedRecordings } from '../tests/support/review-fixtures';
import { anchorFilePath, signAnchor } from '../services/integrity/anchor';
import { loadFileKeys } from '../services/integrity/keys';
import { exportBundle, importBundle } from '../services/bundles';
import { silentLogger } from '../services/core/log';
import { osce } from '../tests/support/run-cli';

const bmv = builtin('bmv');

/** A database marked through the services: two examiners, one adjudication by a third. */
function markedDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'osce-audit-'));
  const dbPath = join(dir, 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const rec = seedRecordings(ctx.db, { rubricId: 'bmv', sessionName: 'Audit day' }).recordingIds[0]!;
  const ann = examiner(ctx.db, 'Ann');
  const ben = examiner(ctx.db, 'Ben');
  markAll(ctx.db, rec, ann, bmv, (s) => s.max_points);
  markAll(ctx.db, rec, ben, bmv, (s) => (s.id === 'bmv.mask_seal' ? 2 : s.max_points));
  submitMarking(ctx.db, { recordingId: rec, examinerId: ann });
  submitMarking(ctx.db, { recordingId: rec, examinerId: ben });
  adjudicateStep(ctx.db, {
    recordingId: rec,
    examinerId: examiner(ctx.db, 'Cleo'),
    stepId: 'bmv.mask_seal',
    finalScore: 4,
    reason: 'seal held',
  });
  close();
  return dbPath;
}

function copyOf(dbPath: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `osce-audit-${name}-`));
  const copy = join(dir, 'osce.sqlite');
  for (const suffix of ['', '.keys.json', '.audit-anchor.json']) copyFileSync(dbPath + suffix, copy + suffix);
  return copy;
}

function verify(dbPath: string, ...extra: string[]) {
  const r = osce(['audit', 'verify', '--db', dbPath, '--json', ...extra]);
  return {
    code: r.code,
    verdict: JSON.parse(r.stdout) as { ok: boolean; problems: { code: string; message: string }[] },
    stderr: r.stderr,
  };
}

/** Recomputes every hash from `fromSeq` on, as someone rewriting the chain consistently would. */
function rechain(raw: Database.Database, fromSeq = 1) {
  const rows = raw.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(fromSeq) as AuditRow[];
  let prev =
    fromSeq === 1
      ? ''
      : (raw
          .prepare('SELECT hash FROM audit_events WHERE seq = ?')
          .pluck()
          .get(fromSeq - 1) as string);
  for (const r of rows) {
    const { hash: _old, ...rest } = r;
    const hash = auditHash({ ...rest, prev_hash: prev });
    raw.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

const open = (dbPath: string) => new Database(dbPath);
const dropGuards = (raw: Database.Database) =>
  raw.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
const restoreGuards = (raw: Database.Database) =>
  raw.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;`);

describe('osce audit verify catches a rewrite (issue 12, finding 7)', () => {
  const base = markedDatabase();

  it('says intact, with the anchor checked and every mark replayed, for an untouched database', () => {
    const { code, verdict } = verify(base);
    expect(verdict).toMatchObject({ ok: true, anchor: 'verified', problems: [] });
    expect(code).toBe(0);
  });

  const tamperings: [string, (raw: Database.Database) => void, string, RegExp][] = [
    [
      'deleting the last events',
      (raw) => {
        dropGuards(raw);
        raw.exec('DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 2 FROM audit_events)');
        restoreGuards(raw);
      },
      'events-deleted',
      /events \d+ to \d+ were deleted/,
    ],
    [
      'appending a forged event',
      (raw) => {
        const last = raw.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
          seq: number;
          hash: string;
        };
        const row = {
          seq: last.seq + 1,
          at: new Date().toISOString(),
          actor: 'examiner:1 (Ann)',
          action: 'adjudicate',
          entity: 'adjudication',
          entity_id: '1/bmv.ventilation',
          before: null,
          after: '{"final_score":0,"reason":"x"}',
          suggestion_visible: 0,
          prev_hash: last.hash,
        };
        raw
          .prepare(
            `INSERT INTO audit_events VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @suggestion_visible, @prev_hash, @hash)`,
          )
          .run({ ...row, hash: auditHash(row) });
      },
      'events-appended',
      /were added outside the app/,
    ],
    [
      'rewriting the whole chain consistently (a mark and its event changed together)',
      (raw) => {
        dropGuards(raw);
        raw
          .prepare(
            `UPDATE step_scores SET score = 2, blind_score = 2 WHERE step_id = 'bmv.ventilation' AND rater_id = (SELECT id FROM raters WHERE name = 'Ann')`,
          )
          .run();
        const ev = raw
          .prepare(
            `SELECT seq, after FROM audit_events WHERE entity = 'step_score' AND entity_id LIKE '%/bmv.ventilation' ORDER BY seq LIMIT 1`,
          )
          .get() as { seq: number; after: string };
        raw
          .prepare('UPDATE audit_events SET after = ? WHERE seq = ?')
          .run(JSON.stringify({ ...JSON.parse(ev.after), score: 2, blind_score: 2 }), ev.seq);
        rechain(raw, ev.seq);
        restoreGuards(raw);
      },
      'chain-rewritten',
      /the audit chain was rewritten/,
    ],
    [
      'dropping the append-only triggers',
      (raw) => dropGuards(raw),
      'guard-removed',
      /trigger audit_events_no_(update|delete) is missing: the append-only guard/,
    ],
    [
      'editing a mark with no event',
      (raw) =>
        raw
          .prepare(
            `UPDATE step_scores SET score = 0 WHERE step_id = 'bmv.airway_opening' AND rater_id = (SELECT id FROM raters WHERE name = 'Ben')`,
          )
          .run(),
      'mark-differs',
      /step bmv\.airway_opening is 0 \(blind 2\) but its latest audit event \(\d+\) says 2/,
    ],
    [
      'changing an adjudication (a final score) with no event',
      (raw) => raw.prepare(`UPDATE adjudications SET final_score = 2`).run(),
      'adjudication-differs',
      /adjudication of recording \d+, step bmv\.mask_seal is final 2 but its latest audit event/,
    ],
  ];

  for (const [name, tamper, code, message] of tamperings) {
    it(`detects and names: ${name}`, () => {
      const db = copyOf(base, code);
      const raw = open(db);
      tamper(raw);
      raw.close();
      const r = verify(db);
      expect(r.code).toBe(1);
      expect(r.verdict.ok).toBe(false);
      const found = r.verdict.problems.find((p) => p.code === code);
      expect(found, JSON.stringify(r.verdict.problems)).toBeDefined();
      expect(found!.message).toMatch(message);
    });
  }

  it('records a mismatch found at start-up as an alarm in the chain, which verify keeps naming', () => {
    const db = copyOf(base, 'alarm');
    const raw = open(db);
    dropGuards(raw);
    raw.exec('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)');
    restoreGuards(raw);
    raw.close();
    expect(osce(['bundle', 'conflicts', '--db', db]).code).toBe(0); // any command opens the database
    const r = verify(db);
    expect(r.verdict.problems.map((p) => p.code)).toContain('alarm-recorded');
    expect(r.verdict.problems.find((p) => p.code === 'alarm-recorded')!.message).toMatch(/was deleted|were deleted/);
  });

  it('a backup contradicts a rewrite even when the rewriter also holds the anchor secret (compared by hash, not by sequence number)', () => {
    const db = copyOf(base, 'against');
    const backup = join(mkdtempSync(join(tmpdir(), 'osce-audit-backup-')), 'b.sqlite');
    expect(osce(['backup', '--out', backup, '--db', db]).code).toBe(0);
    const raw = open(db);
    dropGuards(raw);
    raw.prepare(`UPDATE audit_events SET actor = 'someone else' WHERE seq = 3`).run();
    rechain(raw, 3);
    restoreGuards(raw);
    const head = raw.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    raw.close();
    // The insider re-anchors with this installation's own secret: locally, everything agrees again.
    const keys = loadFileKeys(db);
    writeFileSync(anchorFilePath(db), JSON.stringify(signAnchor(keys.anchorSecret, keys.fingerprint, head, head)));
    expect(verify(db).verdict.problems.filter((p) => p.code !== 'alarm-recorded')).toEqual([]);
    const r = verify(db, '--against', backup);
    expect(r.code).toBe(1);
    expect(r.verdict.problems).toEqual([
      expect.objectContaining({
        code: 'copy-contradicts',
        message: expect.stringMatching(/holds a different event 3 than this database: this chain was rewritten/),
      }),
    ]);
  });

  it('another workstation that imported the old chain refuses a bundle whose chain was rewritten since', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-audit-ws-'));
    const a = copyOf(base, 'ws-a');
    const actx = openServiceContext({ dbPath: a, appVersion: 'test', logger: silentLogger });
    const b = openServiceContext({ dbPath: join(dir, 'b', 'osce.sqlite'), appVersion: 'test', logger: silentLogger });
    const first = exportBundle(actx.ctx.db, {
      session: 'Audit day',
      out: join(dir, 'first.bundle'),
      workstation: 'a',
      actor: 't',
      keys: actx.ctx.keys,
    });
    importBundle(b.ctx.db, first.file, { libraryDir: b.ctx.libraryDir, actor: 't', keys: b.ctx.keys, trust: true });
    actx.close();
    // Workstation A rewrites its own history consistently (its owner holds every key of A) and signs a new bundle.
    const raw = open(a);
    dropGuards(raw);
    raw.prepare(`UPDATE audit_events SET actor = 'nobody' WHERE seq = 2`).run();
    rechain(raw, 2);
    restoreGuards(raw);
    const head = raw.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    raw.close();
    const keys = loadFileKeys(a);
    writeFileSync(anchorFilePath(a), JSON.stringify(signAnchor(keys.anchorSecret, keys.fingerprint, head, head)));
    const again = openServiceContext({ dbPath: a, appVersion: 'test', logger: silentLogger, anchorCheck: false });
    const second = exportBundle(again.ctx.db, {
      session: 'Audit day',
      out: join(dir, 'second.bundle'),
      workstation: 'a',
      actor: 't',
      keys: again.ctx.keys,
    });
    again.close();
    expect(() =>
      importBundle(b.ctx.db, second.file, { libraryDir: b.ctx.libraryDir, actor: 't', keys: b.ctx.keys }),
    ).toThrow(/contradicts the copy imported earlier from the same workstation: event 2 differs/);
    b.close();
    expect(existsSync(second.file)).toBe(true);
  });
});
