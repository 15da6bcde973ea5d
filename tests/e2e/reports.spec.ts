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
  // The demo's model A runs three of the paper's tasks, model B two: every one ranked in its task.
  await expect(leaderboard.getByTestId('leaderboard-row')).toHaveCount(5);
  await expect(leaderboard.getByTestId('leaderboard-group-score/full').getByTestId('rank')).toHaveText(['1', '2']);
  await expect(leaderboard.getByTestId('leaderboard-row').first()).toContainText('model suggestion');
  await expect(leaderboard.getByTestId('leaderboard-row').first()).toContainText('72 / 72 recordings (100%)');
  await expect(leaderboard).toContainText('Examiners here');
  await expect(leaderboard.getByTestId('published').first()).toContainText('Best step κ 0.048: GPT-5.2 (Table 4)');
  await expect(leaderboard.getByTestId('published').first()).toContainText('Best PLCC 0.158: GPT-4o (Table 4)');
  // Error detection beside its all-errors baseline: recall 1, MCC 0.
  const baseline = leaderboard.getByTestId('leaderboard-group-binary/full').getByTestId('all-errors-baseline');
  await expect(baseline).toContainText('Calling every step an error');
  await expect(baseline).toContainText('1.000');
  // Totals of CPR, AED and BMV are not comparable, so the pooled PLCC is undefined and says why.
  await expect(leaderboard).toContainText('not comparable');

  // Raising the minimum above the 72 recordings lists every configuration apart, with the reason.
  const minimums = leaderboard.getByTestId('leaderboard-minimums');
  await minimums.getByLabel('Minimum recordings').fill('100');
  await minimums.getByRole('button', { name: 'Apply' }).click();
  await expect(leaderboard.getByTestId('unranked-row')).toHaveCount(5);
  await expect(leaderboard.getByTestId('unranked-row').first()).toContainText('at least 100 are needed to be ranked');
  await page.getByTestId('leaderboard').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'test-results/reports-leaderboard-unranked-1280x720.png' });
  await minimums.getByLabel('Minimum recordings').fill('5');
  await minimums.getByRole('button', { name: 'Apply' }).click();
  await expect(leaderboard.getByTestId('leaderboard-row')).toHaveCount(5);

  const paired = page.getByTestId('paired');
  await expect(paired.getByTestId('paired-comparison')).toHaveCount(2);
  await expect(paired.getByTestId('paired-comparison').first()).toContainText('Full video vs step clips');
  await expect(paired.getByTestId('paired-overall').first()).toContainText(/\[-?\d\.\d\d, -?\d\.\d\d\]/);

  await expect(page.getByTestId('trust')).toContainText('Check responsiveness');
  const stringency = page.getByTestId('stringency');
  // One row per station: the strict demo examiner is a hawk at each of the three.
  const brennan = stringency.getByTestId('stringency-row').filter({ hasText: 'Brennan' });
  await expect(brennan).toHaveCount(3);
  for (const row of await brennan.all()) await expect(row).toContainText('hawk');

  for (const id of [
    'leaderboard-score-full',
    'leaderboard-binary-clips',
    'stringency',
    'drift-CPR',
    'drift-BMV',
    'bland-altman-AED',
  ]) {
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
  // Error detection is read in full in the export too, beside its all-errors baseline.
  // Each header carries its plain-language explanation (an abbr with a title).
  const headers = [...html.matchAll(/<th>(?:<abbr[^>]*>)?([^<]*)/g)].map((m) => m[1]).join('|');
  expect(headers).toContain('Precision|Recall|F1|Predicted errors');
  expect(html).toContain('Calling every step an error');
  expect(html).toContain('Best MCC 0.132: GPT-5.2 (Table 4)');
  expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:\/\//i);

  const feedback = page.getByTestId('feedback-candidate');
  await feedback.getByRole('combobox').selectOption('DEMO-003');
  const feedbackDownload = page.waitForEvent('download');
  await feedback.getByRole('button', { name: 'Feedback (HTML)' }).click();
  const feedbackHtml = readFileSync((await (await feedbackDownload).path())!, 'utf8');
  expect(feedbackHtml).toContain('Feedback for candidate DEMO-003');
  expect(feedbackHtml).not.toMatch(/DEMO-0(0[124-9]|[12]\d)/);

  // The leaderboard and the paired comparison as a person sees them, at the two usual window sizes.
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    for (const card of ['leaderboard', 'leaderboard-group-binary/full', 'paired'] as const) {
      await page.getByTestId(card).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const name = card.replace('leaderboard-group-binary/full', 'error-detection');
      await page.screenshot({ path: `test-results/reports-${name}-${viewport.width}x${viewport.height}.png` });
    }
  }
  await paired
    .getByText(/^Per step/)
    .first()
    .click();
  await page.getByTestId('paired').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'test-results/reports-paired-steps-1920x1080.png' });

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
