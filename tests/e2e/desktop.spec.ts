// The page's side of the desktop commands: what the application menu and the file association
// send (main/app-commands.ts) reaches a screen, and the appearance and tool-path settings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test('menu commands open the import chooser, the report export and the shortcut list', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('section-settings')).toBeVisible();

  app.bridge.emit('app-command', { command: 'import' });
  await expect(page.getByTestId('section-recordings')).toBeVisible();
  await expect
    .poll(() => app.bridge.hostCalls.filter((c) => c.name === 'chooseImportPaths'))
    .toEqual([{ name: 'chooseImportPaths', args: [{ kind: 'files' }] }]);

  app.bridge.emit('app-command', { command: 'export-report' });
  await expect(page.getByTestId('section-reports')).toBeVisible();

  app.bridge.emit('app-command', { command: 'keyboard-shortcuts' });
  const dialog = page.getByTestId('app-shortcuts');
  await expect(dialog).toContainText('Import recordings');
  await expect(dialog).toContainText('Reveal model suggestions');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('an exam bundle opened from the file manager is shown, also when it arrived before the page', async ({ app }) => {
  const early = join(app.dataDir, 'early.osce-bundle');
  const later = join(app.dataDir, 'day 2.osce-bundle');
  for (const f of [early, later]) writeFileSync(f, 'x');
  app.bridge.queueOpenedFiles([early]);
  const page = await app.open();
  const notice = page.getByTestId('bundle-notice');
  await expect(notice).toContainText(early);
  await expect(notice.getByRole('button', { name: 'Review and import…' })).toHaveCount(1);

  app.bridge.queueOpenedFiles([later]);
  await expect(notice).toContainText(later);
  await notice.getByRole('button', { name: 'Dismiss' }).first().click();
  await expect(notice).not.toContainText(early);
  await expect(notice).toContainText(later);
});

test('Appearance: dark, light, or following the system; the choice is saved', async ({ app }) => {
  const page = await app.open();
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const appearance = page.getByRole('group', { name: 'Colours' });
  await expect(appearance.getByLabel('System')).toBeChecked();

  await appearance.getByLabel('Dark').check();
  await expect.poll(theme).toBe('dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
  expect(bg).toBe('rgb(20, 24, 31)');
  await page.reload();
  await expect.poll(theme).toBe('dark');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Colours' }).getByLabel('Dark')).toBeChecked();

  await page.getByRole('group', { name: 'Colours' }).getByLabel('System').check();
  await expect.poll(theme).toBe('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');
});

test('a custom ffmpeg path that is not ffmpeg is refused with the reason', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('ffmpeg path').fill('/bin/sh');
  await page.getByRole('button', { name: 'Save paths' }).click();
  await expect(page.getByRole('alert')).toContainText('did not run as ffmpeg');
  await page.getByLabel('ffmpeg path').fill('relative/ffmpeg');
  await page.getByRole('button', { name: 'Save paths' }).click();
  await expect(page.getByRole('alert')).toContainText('must be a full path');
});
