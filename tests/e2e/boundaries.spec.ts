import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { SCHEMA_VERSION } from '../../db/migrate';

test('a call with bad arguments is rejected with a clear error and writes nothing', async ({ app }) => {
  const page = await app.open();
  await expect(page.getByTestId('section-recordings')).toBeVisible();

  const results = await page.evaluate(async () => {
    const osce = (window as unknown as { osce: unknown }).osce as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return {
      empty: await osce.createSession!({ name: '   ' }),
      extra: await osce.createSession!({ name: 'Valid name', dropTables: true }),
      wrongType: await osce.createSession!({ name: 42 }),
      badDate: await osce.createSession!({ name: 'Valid', date: '21/11/2026' }),
      noArgs: await osce.createSession!(),
      unknown: await (osce as Record<string, unknown>).deleteEverything,
    };
  });
  for (const key of ['empty', 'extra', 'wrongType', 'badDate', 'noArgs'] as const) {
    const r = results[key] as { ok: boolean; error: { name: string; message: string } };
    expect(r.ok, key).toBe(false);
    expect(r.error.name, key).toBe('InvalidArguments');
    expect(r.error.message, key).toMatch(/^createSession: invalid arguments: /);
  }
  expect((results.empty as { error: { message: string } }).error.message).toContain('session name must not be empty');
  expect((results.extra as { error: { message: string } }).error.message).toMatch(/dropTables/);
  expect((results.badDate as { error: { message: string } }).error.message).toContain('date must be YYYY-MM-DD');
  expect(results.unknown).toBeUndefined();

  // Calls the contract does not name are refused too.
  const unknownCall = await page.evaluate(async (token) => {
    const r = await fetch('/api/call/dropDatabase', { method: 'POST', headers: { 'x-osce-token': token }, body: '[]' });
    return r.json();
  }, app.bridge.token);
  expect(unknownCall).toMatchObject({ ok: false, error: { name: 'UnknownCall' } });

  const db = new Database(app.dbPath, { readonly: true });
  expect(db.prepare('SELECT count(*) FROM exam_sessions').pluck().get()).toBe(0);
  expect(db.prepare(`SELECT count(*) FROM audit_events WHERE entity = 'exam_session'`).pluck().get()).toBe(0);
  db.close();
});

test('the bridge refuses calls without its token', async ({ app }) => {
  const res = await fetch(`${app.bridge.url}api/call/listSessions`, { method: 'POST', body: '[]' });
  expect(res.status).toBe(401);
});

test.describe('a database written by a newer version', () => {
  test.use({
    prepareData: {
      run: (_dir: string, dbPath: string) => {
        const db = new Database(dbPath);
        db.exec("CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('keep me')");
        db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
        db.close();
        copyFileSync(dbPath, dbPath + '.before');
      },
    },
  });

  test('is refused with a clear message and left byte-for-byte as it was', async ({ app }) => {
    const page = await app.open();
    const fatal = page.getByTestId('fatal-error');
    await expect(fatal).toContainText('The exam database could not be opened');
    await expect(fatal).toContainText('newer version of the app');
    await expect(fatal).toContainText(`schema version ${SCHEMA_VERSION + 1}`);
    await page.screenshot({ path: 'test-results/newer-database.png' });
    const before = readFileSync(app.dbPath + '.before');
    expect(Buffer.compare(readFileSync(app.dbPath), before)).toBe(0);
    expect(readFileSync(join(app.dataDir, 'osce.sqlite')).length).toBe(before.length);
  });
});
