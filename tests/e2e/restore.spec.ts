/**
 * Issue 14 item 8: a backup is restored from Settings with the checks of `osce restore`; a file that
 * is not a backup is refused, named in words, and nothing changes.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './axe';

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  return page.getByTestId('backups-card');
}

/** Creates a session through the app's own call, as the session form does. */
async function createSession(page: Page, name: string) {
  await page.evaluate(async (n) => {
    const osce = (window as unknown as { osce: Record<string, (...a: unknown[]) => Promise<{ ok: boolean }>> }).osce;
    const r = await osce.createSession!({ name: n });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }, name);
}

const sessionNames = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT name FROM exam_sessions ORDER BY name').pluck().all() as string[];
  } finally {
    db.close();
  }
};

test('a backup is restored from Settings: checked, restored, the data reloaded and the restore audited', async ({
  app,
}) => {
  const page = await app.open();
  await createSession(page, 'Before the backup');
  const card = await openSettings(page);
  await card.getByRole('button', { name: 'Back up now' }).click();
  await expect(card.getByTestId('backup-done')).toContainText('Backup written');
  await createSession(page, 'After the backup');
  expect(sessionNames(app.dbPath)).toEqual(['After the backup', 'Before the backup']);

  await card
    .getByRole('button', { name: /^Restore the backup of / })
    .first()
    .click();
  const dialog = page.getByTestId('restore-dialog');
  await expect(dialog).toContainText('Its audit trail is intact');
  await expectAccessible(page, 'restore dialog');
  await dialog.getByRole('button', { name: 'Restore this backup' }).click();

  // The page reloads onto Settings and says what happened.
  const done = page.getByTestId('restore-done');
  await expect(done).toContainText('content equal to the backup');
  await expect(done).toContainText('The previous database was kept as');
  await expect(done).toContainText('The restore is recorded in the audit trail.');
  expect(sessionNames(app.dbPath)).toEqual(['Before the backup']);
  const db = new Database(app.dbPath, { readonly: true });
  const actions = db.prepare('SELECT action FROM audit_events ORDER BY seq DESC LIMIT 3').pluck().all();
  db.close();
  expect(actions).toContain('restore');
  expect(actions).not.toContain('integrity_alarm');
  // The app works on the restored database: its sessions are the backup's.
  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  await expect(page.getByText('After the backup')).toHaveCount(0);
});

test('a file that is not a backup is refused, named in words, and nothing changes', async ({ app }) => {
  const page = await app.open();
  await createSession(page, 'Kept session');
  const notBackup = join(app.dataDir, 'notes.sqlite');
  writeFileSync(notBackup, 'these are my notes, not a database');
  app.bridge.setDialogPaths([notBackup]);
  const card = await openSettings(page);
  await card.getByRole('button', { name: 'Restore from another file…' }).click();
  const dialog = page.getByTestId('restore-dialog');
  const refused = dialog.getByTestId('restore-refused');
  await expect(refused).toContainText(
    'Not restored: this file is not a backup this app can restore (it is not an SQLite database).',
  );
  await expect(refused).toContainText('The current database was not changed.');
  await expect(dialog.getByRole('button', { name: 'Restore this backup' })).toBeDisabled();
  await expectAccessible(page, 'restore refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(sessionNames(app.dbPath)).toEqual(['Kept session']);
  const db = new Database(app.dbPath, { readonly: true });
  expect(db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'restore'`).pluck().get()).toBe(0);
  db.close();
});
