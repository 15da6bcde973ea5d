import Database from 'better-sqlite3';
import { test, expect } from './fixtures';

test('the shell opens and every section explains what to do first', async ({ app }) => {
  const page = await app.open();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();

  await expect(page.getByTestId('recordings-empty')).toContainText('No recordings yet');
  await page.getByRole('button', { name: 'Exam sessions…' }).click();
  await expect(page.getByTestId('no-sessions')).toBeVisible();
  await page.getByTestId('sessions-dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByTestId('review-empty')).toContainText('Choose a recording');

  await page.getByRole('button', { name: 'Reports', exact: true }).click();
  await expect(page.getByTestId('reports-empty')).toContainText(
    'Agreement figures need recordings marked by examiners',
  );

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('db-path')).toHaveText(app.dbPath);

  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  await expect(page.getByTestId('section-recordings')).toBeVisible();
  await page.screenshot({ path: 'test-results/shell-recordings.png' });
});

test('an exam session created in the UI is stored in the database', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Exam sessions…' }).click();
  const form = page.getByRole('form', { name: 'New exam session' });
  await form.getByLabel('Session name').fill('Year 3 OSCE — spring');
  await form.getByLabel('Date').fill('2026-11-20');
  await form.getByLabel('Site').fill('Skills lab B');
  await expect(form.getByLabel(/Blind first/)).toBeChecked();
  await form.getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByTestId('sessions-table')).toContainText('Year 3 OSCE — spring');
  // A second session with blind first turned off (a training session, say).
  await form.getByLabel('Session name').fill('Training feedback');
  await form.getByLabel(/Blind first/).uncheck();
  await form.getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByTestId('sessions-table')).toContainText('Training feedback');

  const db = new Database(app.dbPath, { readonly: true });
  const rows = db.prepare('SELECT name, exam_date, site, blind_first FROM exam_sessions ORDER BY id').all();
  db.close();
  expect(rows).toEqual([
    { name: 'Year 3 OSCE — spring', exam_date: '2026-11-20', site: 'Skills lab B', blind_first: 1 },
    { name: 'Training feedback', exam_date: null, site: null, blind_first: 0 },
  ]);
});

test('the session form shows the field problem when the name is empty', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Exam sessions…' }).click();
  await page.getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByRole('alert')).toContainText('session name must not be empty');
});

test('the system check reports progress and the media tools it found', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Run system check' }).click();
  const results = page.getByTestId('check-results');
  await expect(results).toContainText('Database integrity');
  await expect(results).toContainText(/ffmpeg.*version/);
  await expect(results.locator('li.bad')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/settings-check.png' });
});

test('a control reached by keyboard shows the app’s focus ring; a mouse click does not', async ({ app }) => {
  const page = await app.open();
  const outline = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  expect(await outline()).toMatch(/^none|0px$/);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  expect(await outline()).toBe('solid 2px');
});
