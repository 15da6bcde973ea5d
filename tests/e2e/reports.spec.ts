import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test.use({
  prepareData: {
    run: (_dir, dbPath) => {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'seed-demo-labels.ts'), dbPath, '7', '24'],
        {
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) throw new Error(`seeding the demo labels failed: ${r.stderr}`);
    },
  },
});

test('the Reports section shows the leaderboard, trust, examiner figures and charts, and exports files', async ({
  app,
}) => {
  const page = await app.open();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.getByRole('button', { name: 'Reports', exact: true }).click();

  const summary = page.getByTestId('report-summary');
  await expect(summary).toContainText('72 recordings');
  await expect(summary).toContainText('awaiting adjudication');

  const leaderboard = page.getByTestId('leaderboard');
  await expect(leaderboard.getByTestId('leaderboard-row')).toHaveCount(2);
  await expect(leaderboard.getByTestId('leaderboard-row').first()).toContainText('model suggestion');
  await expect(leaderboard).toContainText('Examiners here');
  await expect(leaderboard).toContainText('Physicians in SiMing-Bench');
  // Totals of CPR, AED and BMV are not comparable, so the pooled PLCC is undefined and says why.
  await expect(leaderboard).toContainText('not comparable');

  await expect(page.getByTestId('trust')).toContainText('Check responsiveness');
  const stringency = page.getByTestId('stringency');
  await expect(stringency.getByTestId('stringency-row').filter({ hasText: 'Brennan' })).toContainText('hawk');

  for (const id of ['leaderboard-score', 'leaderboard-binary', 'stringency', 'drift']) {
    const canvas = page.getByTestId(`chart-${id}`).locator('canvas');
    await expect(canvas).toBeVisible();
    const box = await canvas.boundingBox();
    expect(box?.height ?? 0, `${id} chart has a size`).toBeGreaterThan(100);
  }

  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('export-bar').getByRole('button', { name: 'CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'recording_id,sha256,session,station,candidate,rubric_id,rubric_version,step_id,rater,rater_kind,score,max_points,category,error,not_assessable,comment',
  );
  expect(csv).toContain('(model suggestion),model,');

  const htmlDownload = page.waitForEvent('download');
  await page.getByTestId('export-bar').getByRole('button', { name: 'HTML' }).click();
  const download = await htmlDownload;
  expect(download.suggestedFilename()).toMatch(/^agreement-report-all-sessions-\d{4}-\d{2}-\d{2}\.html$/);
  const html = readFileSync((await download.path())!, 'utf8');
  expect(html).toContain('Chart.js v4');
  expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:\/\//i);

  const feedback = page.getByTestId('feedback');
  await feedback.getByRole('combobox').selectOption('DEMO-003');
  const feedbackDownload = page.waitForEvent('download');
  await feedback.getByRole('button', { name: 'Download feedback (HTML)' }).click();
  const feedbackHtml = readFileSync((await (await feedbackDownload).path())!, 'utf8');
  expect(feedbackHtml).toContain('Feedback for candidate DEMO-003');
  expect(feedbackHtml).not.toMatch(/DEMO-0(0[124-9]|[12]\d)/);

  // The content pane scrolls inside the window: make the window as tall as the section to see it whole.
  const height = await page.getByTestId('section-reports').evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.min(12_000, height + 40) });
  await page.screenshot({ path: 'test-results/reports-section.png' });
  for (let top = 0, part = 1; top < height; top += 1200, part++) {
    await page.screenshot({
      path: `test-results/reports-section-${part}.png`,
      clip: { x: 0, y: top, width: 1440, height: Math.min(1200, height - top) },
    });
  }
  expect(cspViolations).toEqual([]);
});
