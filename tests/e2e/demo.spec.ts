import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { startMarking } from './review-helpers';

test.setTimeout(180_000);

test('Load demo data opens a separate, clearly marked demo with content in review, reports and feedback', async ({
  app,
}) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('demo-card').getByRole('button', { name: 'Load demo data' }).click();

  // The app reloads on the demo database, which is marked as demo everywhere.
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('DEMO DATABASE')).toBeVisible();

  // Review: the demo recordings are listed and one opens beside its checklist, with a playable video.
  await startMarking(page, 'Dr Visitor');
  const queue = page.getByTestId('recording-queue');
  await expect(queue.getByRole('option').first()).toBeVisible();
  await expect(page.getByTestId('queue-count')).toContainText('24');
  await queue.getByRole('option').first().click();
  await expect(page.getByTestId('review-screen')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Rubric checklist' })).toContainText(/points/);
  await expect
    .poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: 'test-results/demo-review.png' });

  // Reports: the leaderboard ranks the two demo models against the demo examiners' finals.
  await page.getByRole('button', { name: 'Reports', exact: true }).click();
  const leaderboard = page.getByTestId('leaderboard');
  await expect(leaderboard).toContainText('DEMO near-chance model A');
  await expect(leaderboard).toContainText('DEMO near-chance model B');
  await expect(leaderboard).toContainText('Examiners here');
  await page.screenshot({ path: 'test-results/demo-reports.png', fullPage: false });

  // PDF: the same report printed by Chromium and saved (the app uses printToPDF and a save dialog).
  await page.getByTestId('export-bar').getByRole('button', { name: 'PDF' }).click();
  const saved = page.getByTestId('pdf-saved');
  await expect(saved).toContainText('.pdf', { timeout: 60_000 });
  const pdfFile = (await saved.textContent())!.replace(/^Saved to /, '');
  expect(readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Feedback for one demo candidate, with the steps to practise.
  const feedback = page.getByTestId('feedback-candidate');
  const options = await feedback.getByRole('combobox').locator('option').allTextContents();
  const candidate = options.find((o) => /DEMO-\d+/.test(o))!;
  await feedback.getByRole('combobox').selectOption({ label: candidate });
  const download = page.waitForEvent('download');
  await feedback.getByRole('button', { name: 'Feedback (HTML)' }).click();
  const html = readFileSync((await (await download).path())!, 'utf8');
  expect(html).toContain(`Feedback for candidate ${candidate.match(/DEMO-\d+/)![0]}`);
  expect(html).toMatch(/What correct execution requires/);

  // Back to the lab's own database: no demo records there.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('demo-card').getByRole('button', { name: 'Return to my database' }).click();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('db-path')).toHaveText(app.dbPath);
});
