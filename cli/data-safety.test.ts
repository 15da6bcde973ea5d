import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../services/backend/open';
import { createSession } from '../services/recordings/sessions';
import { silentLogger } from '../services/core/log';
import { osce } from '../tests/support/run-cli';

function dbWithSessions(n: number) {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'osce-safety-')), 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  for (let i = 1; i <= n; i++) createSession(ctx.db, { name: `Session ${i}` }, 'examiner-a');
  close();
  return dbPath;
}

describe('osce audit verify', () => {
  it('passes on an untouched trail', () => {
    const db = dbWithSessions(3);
    const r = osce(['audit', 'verify', '--db', db]);
    expect(r.code).toBe(0);
    const raw = new Database(db, { readonly: true });
    const events = raw.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    raw.close();
    expect(events).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toContain(
      `audit trail intact: ${events} events, every link verified, anchored head ${events} matches`,
    );
  });

  it('names the row edited directly in SQLite', () => {
    const db = dbWithSessions(4);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare(`UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2`).run();
    raw.close();
    const r = osce(['audit', 'verify', '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toContainEqual({
      code: 'chain-broken',
      seq: 2,
      message: 'event 2 was changed after it was written',
    });
  });

  it('names a row deleted outside the app', () => {
    const db = dbWithSessions(4);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.prepare(`DELETE FROM audit_events WHERE seq = 3`).run();
    raw.close();
    const r = osce(['audit', 'verify', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[chain-broken] event 3 is missing (deleted outside the app)');
  });
});

describe('osce backup and restore', () => {
  it('round-trips through the command line', () => {
    const db = dbWithSessions(2);
    const out = db.replace(/osce\.sqlite$/, 'copy.sqlite');
    const b = osce(['backup', '--out', out, '--db', db]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('integrity ok');
    const raw = new Database(db);
    raw.prepare(`DELETE FROM exam_sessions`).run();
    raw.close();
    const r = osce(['restore', out, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kept as .*before-restore/);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM exam_sessions').pluck().get()).toBe(2);
    check.close();
  });

  it('refuses a corrupt backup with exit 1 and a reason', () => {
    const db = dbWithSessions(1);
    const r = osce(['restore', join(tmpdir(), 'definitely-missing-backup.sqlite'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be restored: the file does not exist\. The current database was not changed/);
  });
});
