/**
 * Security review A4: deleting the key file and the anchor no longer makes the app take the
 * database as a first start. A database whose audit trail already has events (beyond the built-in
 * rubrics' seeding) is never silently baselined: its first anchoring is an alarm, so the marks
 * changed meanwhile still differ from their events and `audit verify` names both. A per-user record
 * outside the shared folder (the user's own config folder) remembers which databases were
 * anchored by which installation, so even a database replaced by a fresh-looking one is named. An
 * alarm stays until someone acknowledges it, with a reason, in the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { adjudicateStep } from '../review/double';
import { submitMarking } from '../review/marking';
import { builtin, examiner, markAll, seedRecordings } from '../../tests/support/review-fixtures';
import { osce } from '../../tests/support/run-cli';
import { anchorFilePath } from './anchor';
import { keyFilePath } from './keys';

const bmv = builtin('bmv');

/** A marked database whose first anchoring was by the CLI of a user whose config folder is `userDir`. */
function markedDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'osce-a4-'));
  const userDir = join(dir, 'user-config');
  const dbPath = join(dir, 'shared', 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const rec = seedRecordings(ctx.db, { rubricId: 'bmv', sessionName: 'Anchor day' }).recordingIds[0]!;
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
  const env = { XDG_CONFIG_HOME: userDir };
  expect(osce(['recordings', '--db', dbPath], env).code).toBe(0);
  return { dbPath, env, userDir };
}

function verify(dbPath: string, env: Record<string, string>) {
  const r = osce(['audit', 'verify', '--db', dbPath, '--json'], env);
  return {
    code: r.code,
    problems: (JSON.parse(r.stdout) as { problems: { code: string; message: string }[] }).problems,
  };
}

/** What the reviewer did: remove both files beside the database, then change a mark and an adjudication. */
function deleteKeysAndTamper(dbPath: string) {
  rmSync(keyFilePath(dbPath));
  rmSync(anchorFilePath(dbPath));
  const raw = new Database(dbPath);
  raw.exec(`UPDATE step_scores SET score = 0 WHERE step_id = 'bmv.airway_opening'`);
  raw.exec(`UPDATE adjudications SET final_score = 0`);
  raw.close();
}

describe('a lost anchor is never taken for a first start (security review A4)', () => {
  it('deleting the key file and the anchor, then editing marks, is named by verify (per-user record kept)', () => {
    const { dbPath, env, userDir } = markedDatabase();
    expect(existsSync(join(userDir, 'OSCE Scoring Assistant', 'anchored-databases.json'))).toBe(true);
    deleteKeysAndTamper(dbPath);
    expect(osce(['recordings', '--db', dbPath], env).code).toBe(0);
    const v = verify(dbPath, env);
    expect(v.code).toBe(1);
    const codes = v.problems.map((p) => p.code);
    expect(codes).toContain('mark-differs');
    expect(codes).toContain('adjudication-differs');
    const alarm = v.problems.find((p) => p.code === 'alarm-recorded')!;
    expect(alarm.message).toMatch(
      /anchored before by another installation .* key file and its audit anchor were replaced/,
    );
  });

  it('without the per-user record (another user), a trail with events is still not baselined: an alarm, and the edits show', () => {
    const { dbPath } = markedDatabase();
    deleteKeysAndTamper(dbPath);
    const other = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'osce-a4-other-')) };
    expect(osce(['recordings', '--db', dbPath], other).code).toBe(0);
    const v = verify(dbPath, other);
    expect(v.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['alarm-recorded', 'mark-differs', 'adjudication-differs']),
    );
    expect(v.problems.find((p) => p.code === 'alarm-recorded')!.message).toMatch(
      /no audit anchor and no key file .* already has \d+ events/,
    );
  });

  it('a database replaced by a fresh one at the same place is named from the per-user record', () => {
    const { dbPath, env } = markedDatabase();
    for (const f of [dbPath, keyFilePath(dbPath), anchorFilePath(dbPath), `${dbPath}-wal`, `${dbPath}-shm`])
      rmSync(f, { force: true });
    expect(osce(['recordings', '--db', dbPath], env).code).toBe(0);
    const v = verify(dbPath, env);
    expect(v.code).toBe(1);
    expect(v.problems.find((p) => p.code === 'alarm-recorded')!.message).toMatch(
      /anchored before by another installation/,
    );
  });

  it('an alarm stays until acknowledged with a reason; the acknowledgement is itself in the trail', () => {
    const { dbPath, env } = markedDatabase();
    deleteKeysAndTamper(dbPath);
    expect(osce(['recordings', '--db', dbPath], env).code).toBe(0);
    const usage = osce(['audit', 'acknowledge', '--db', dbPath], env);
    expect(usage.code).toBe(2);
    const ack = osce(
      ['audit', 'acknowledge', '--db', dbPath, '--by', 'Dr Lead', '--reason', 'key file lost with the old laptop'],
      env,
    );
    expect(ack.stderr).toBe('');
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/1 alarm acknowledged by Dr Lead/);
    const v = verify(dbPath, env);
    // The alarm is settled; what the edits did to the marks is data, and still shows.
    expect(v.problems.map((p) => p.code)).not.toContain('alarm-recorded');
    expect(v.problems.map((p) => p.code)).toContain('mark-differs');
    const raw = new Database(dbPath, { readonly: true });
    const last = raw
      .prepare(`SELECT actor, after FROM audit_events WHERE action = 'integrity_alarm_acknowledged'`)
      .get() as { actor: string; after: string };
    raw.close();
    expect(last.actor).toBe('cli');
    expect(JSON.parse(last.after)).toMatchObject({ by: 'Dr Lead', reason: 'key file lost with the old laptop' });
  });

  it('a fresh database is anchored quietly, and verify says intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-a4-fresh-'));
    const env = { XDG_CONFIG_HOME: join(dir, 'cfg') };
    const dbPath = join(dir, 'osce.sqlite');
    expect(osce(['recordings', '--db', dbPath], env).code).toBe(0);
    expect(verify(dbPath, env)).toEqual({ code: 0, problems: [] });
    const record = readFileSync(join(dir, 'cfg', 'OSCE Scoring Assistant', 'anchored-databases.json'), 'utf8');
    expect(record).toContain(JSON.stringify(dbPath));
  });
});
