import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test('Settings backs up now, keeps only the chosen number, and refuses a bad number', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.getByTestId('backups-card');

  await card.getByLabel('Backups kept').fill('0');
  await card.getByRole('button', { name: 'Save backup options' }).click();
  await expect(card.getByRole('alert')).toContainText('Keep between 1 and 365 backups');
  await expect(card.getByRole('alert')).not.toContainText('backupKeep');

  await card.getByLabel('Backups kept').fill('2');
  await card.getByRole('button', { name: 'Save backup options' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(card.getByTestId('backup-options-status')).toHaveText('Backup options saved.');
  for (let i = 0; i < 3; i++) {
    await card.getByRole('button', { name: 'Back up now' }).click();
    await expect(card.getByTestId('backup-done')).toContainText('Backup written');
    await page.waitForTimeout(20); // distinct file times
  }
  await expect(card.getByTestId('backup-list').locator('li')).toHaveCount(2);
  const folder = join(app.dataDir, 'backups');
  const files = readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
  expect(files).toHaveLength(2);
  // Each backup is a complete, intact database.
  const db = new Database(join(folder, files[0]!), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.prepare('SELECT count(*) FROM rubrics').pluck().get()).toBeGreaterThanOrEqual(3);
  db.close();
  expect(existsSync(join(folder, `${files[0]}.partial`))).toBe(false);
});
