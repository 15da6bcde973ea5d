/**
 * Security review A5: a restore checks the backup's own audit trail before it replaces anything:
 * the chain link by link, every mark and adjudication against its latest event, and the anchor
 * the backup carries, which must have been written with this installation's secret at the chain's
 * head. A forged backup (a mark changed and an event appended with a recomputed hash) is refused
 * naming why, and the database is not changed; `--accept-unverified` restores it anyway, with a
 * warning, and the override stays in the audit trail as an alarm `audit verify` keeps naming.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { submitMarking } from '../review/marking';
import { builtin, examiner, markAll, seedRecordings } from '../../tests/support/review-fixtures';
import { osce } from '../../tests/support/run-cli';
import { auditHash, type AuditRow } from './audit';
import { backupDatabase, BackupUnverifiedError, restoreDatabase } from './backup';
import { loadFileKeys } from './keys';

const bmv = builtin('bmv');

async function markedWithBackup() {
  const dir = mkdtempSync(join(tmpdir(), 'osce-a5-'));
  const dbPath = join(dir, 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const rec = seedRecordings(ctx.db, { rubricId: 'bmv', sessionName: 'Restore day' }).recordingIds[0]!;
  const ann = examiner(ctx.db, 'Ann');
  markAll(ctx.db, rec, ann, bmv, (s) => s.max_points);
  submitMarking(ctx.db, { recordingId: rec, examinerId: ann });
  const backup = join(dir, 'genuine.sqlite');
  await backupDatabase(ctx.db, backup, ctx.keys);
  close();
  return { dir, dbPath, backup, rec, ann };
}

/** What the reviewer's forge-backup script did: change a mark and append an event that says so, hash recomputed. */
function forge(file: string, rec: number, rater: number) {
  const db = new Database(file);
  db.prepare(
    `UPDATE step_scores SET score = 0 WHERE recording_id = ? AND rater_id = ? AND step_id = 'bmv.mask_seal'`,
  ).run(rec, rater);
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as AuditRow;
  const row = {
    seq: last.seq + 1,
    at: new Date().toISOString(),
    actor: `examiner:${rater}`,
    action: 'set_score',
    entity: 'step_score',
    entity_id: `${rec}/${rater}/bmv.mask_seal`,
    before: null,
    after: JSON.stringify({ score: 0, blind_score: 0, not_assessable: 0 }),
    suggestion_visible: 0,
    prev_hash: last.hash,
  };
  db.prepare(
    `INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before, after, suggestion_visible, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @suggestion_visible, @prev_hash, @hash)`,
  ).run({ ...row, hash: auditHash(row) });
  db.close();
}

describe('a restore verifies the backup’s own trail first (security review A5)', () => {
  it('refuses a forged backup (mark changed, event appended with a recomputed hash), naming why; nothing changes', async () => {
    const { dir, dbPath, backup, rec, ann } = await markedWithBackup();
    const forged = join(dir, 'forged.sqlite');
    copyFileSync(backup, forged);
    forge(forged, rec, ann);
    const before = readFileSync(dbPath);
    const err = await restoreDatabase(dbPath, forged, { keys: loadFileKeys(dbPath) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupUnverifiedError);
    expect((err as Error).message).toMatch(/its audit trail ends at event \d+, but its anchor says event \d+/);
    expect((err as Error).message).toMatch(/The current database was not changed/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);

    const r = osce(['restore', forged, '--db', dbPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--accept-unverified/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('refuses a backup whose mark was changed without an event, and one whose anchor was edited', async () => {
    const { dir, dbPath, backup, rec, ann } = await markedWithBackup();
    const edited = join(dir, 'edited.sqlite');
    copyFileSync(backup, edited);
    const raw = new Database(edited);
    raw
      .prepare(`UPDATE step_scores SET score = 0 WHERE recording_id = ? AND rater_id = ? AND step_id = 'bmv.mask_seal'`)
      .run(rec, ann);
    raw.close();
    await expect(restoreDatabase(dbPath, edited, { keys: loadFileKeys(dbPath) })).rejects.toThrow(
      /mask_seal is 0 .* changed outside the app/,
    );

    const reanchored = join(dir, 'reanchored.sqlite');
    copyFileSync(backup, reanchored);
    const raw2 = new Database(reanchored);
    const anchor = JSON.parse(
      raw2.prepare(`SELECT value FROM app_meta WHERE key = 'audit_anchor'`).pluck().get() as string,
    ) as { head: { seq: number } };
    anchor.head.seq += 1;
    raw2.prepare(`UPDATE app_meta SET value = ? WHERE key = 'audit_anchor'`).run(JSON.stringify(anchor));
    raw2.close();
    await expect(restoreDatabase(dbPath, reanchored, { keys: loadFileKeys(dbPath) })).rejects.toThrow(
      /anchor was not written with this installation's secret/,
    );
  });

  it('refuses a backup this installation cannot vouch for (another installation’s) unless told to accept it', async () => {
    const a = await markedWithBackup();
    const b = await markedWithBackup();
    const before = readFileSync(b.dbPath);
    await expect(restoreDatabase(b.dbPath, a.backup, { keys: loadFileKeys(b.dbPath) })).rejects.toThrow(
      /made by another installation/,
    );
    expect(readFileSync(b.dbPath).equals(before)).toBe(true);
  });

  it('--accept-unverified restores it with a warning, and the override is an alarm verify keeps naming', async () => {
    const { dir, dbPath, backup, rec, ann } = await markedWithBackup();
    const forged = join(dir, 'forged.sqlite');
    copyFileSync(backup, forged);
    forge(forged, rec, ann);
    const r = osce(['restore', forged, '--db', dbPath, '--accept-unverified']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING: .*restored without verification/);
    const v = osce(['audit', 'verify', '--db', dbPath, '--json']);
    expect(v.code).toBe(1);
    const verdict = JSON.parse(v.stdout) as { problems: { code: string; message: string }[] };
    expect(verdict.problems.find((p) => p.code === 'alarm-recorded')?.message).toMatch(
      /restored from .*forged\.sqlite without verification/,
    );
  });

  it('a genuine backup of this installation restores as before', async () => {
    const { dbPath, backup } = await markedWithBackup();
    const r = osce(['restore', backup, '--db', dbPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(osce(['audit', 'verify', '--db', dbPath]).code).toBe(0);
  });
});
