// Reports a clinician can read (issue 14, item 7) and feedback from the app (item 8): every figure
// explained, a sentence per model, totals per station, steps without data behind a count, feedback
// per candidate and per session as HTML and PDF, and the whole screen and its files in Chinese.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './axe';

/** The demo label dataset with this many candidates (each has a CPR, AED and BMV recording). */
const seeded = (candidates: number) => ({
  run: (_dir: string, dbPath: string) => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'seed-demo-labels.ts'), dbPath, '7', String(candidates)],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`seeding the demo labels failed: ${r.stderr}`);
  },
});

test.use({ prepareData: seeded(24) });

async function openReports(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByTestId('leaderboard').getByTestId('leaderboard-row').first()).toBeVisible();
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const pending = page.waitForEvent('download');
  await click();
  const d = await pending;
  return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

test('every figure is explained, each model gets a sentence and totals are per station', async ({ app }) => {
  const page = await app.open();
  await openReports(page, 'Reports');

  // A tooltip on the column header, and the glossary section with the same line.
  const leaderboard = page.getByTestId('leaderboard');
  const kappa = leaderboard.getByTestId('leaderboard-group-score/full').locator('abbr[data-term="qwk"]').first();
  await expect(kappa).toHaveAttribute('title', /beyond what chance alone would give/);
  const glossary = page.getByTestId('glossary');
  await expect(glossary.getByRole('heading', { name: 'What the figures mean' })).toBeVisible();
  await expect(glossary).toContainText('Step κ (weighted kappa)');
  await expect(glossary).toContainText('MCC');
  await expect(glossary).toContainText('How well errors are told apart from correct steps');

  // What the near-chance demo model's figures mean in practice.
  const sentences = leaderboard.getByTestId('model-sentence');
  await expect(sentences.filter({ hasText: 'near-chance model B' }).first()).toContainText(
    /agrees with the final scores (about as often as chance|only a little more often than chance) on step grades/,
  );
  await expect(page.getByTestId('section-reports')).not.toContainText('scikit-learn');
  await expect(page.getByTestId('section-reports')).not.toContainText(/rater '|examiner:\d/);

  // Drift and Bland-Altman: one chart per station, none pooled over stations.
  const examiners = page.getByTestId('examiners');
  for (const station of ['AED', 'BMV', 'CPR']) {
    await expect(examiners.getByTestId(`chart-drift-${station}`)).toBeVisible();
    await expect(examiners.getByTestId(`chart-bland-altman-${station}`)).toBeVisible();
  }
  await expect(examiners.getByTestId('chart-drift')).toHaveCount(0);
  await expect(examiners.getByTestId('bland-altman-row').first()).toContainText(/AED|BMV|CPR/);

  await expectAccessible(page, 'the Reports screen');
});

test('feedback per candidate and for a whole session, as HTML and as PDF, from the Reports screen', async ({ app }) => {
  const page = await app.open();
  await openReports(page, 'Reports');
  const one = page.getByTestId('feedback-candidate');
  await one.getByRole('combobox').selectOption('DEMO-003');
  const html = await download(page, () => one.getByRole('button', { name: 'Feedback (HTML)' }).click());
  expect(html.name).toBe('feedback-demo-003.html');
  expect(html.text).toContain('Feedback for candidate DEMO-003');
  expect(html.text).not.toMatch(/DEMO-0(0[124-9]|[12]\d)/);

  await one.getByRole('button', { name: 'Feedback (PDF)' }).click();
  await expect(page.getByTestId('feedback-saved')).toContainText('feedback-demo-003.pdf');
  const pdfCall = app.bridge.hostCalls.find((c) => c.name === 'saveReportPdf');
  expect((pdfCall?.args[0] as { fileName: string }).fileName).toBe('feedback-demo-003.pdf');
  expect(existsSync(join(app.dataDir, 'exports', 'feedback-demo-003.pdf'))).toBe(true);

  const session = page.getByTestId('feedback-session');
  const all = await download(page, () => session.getByRole('button', { name: 'Feedback (HTML)' }).click());
  expect(all.name).toMatch(/^feedback-session-.+\.html$/);
  const candidates = all.text.match(/<article class="candidate"/g) ?? [];
  expect(candidates.length).toBe(24);
  expect(all.text).toContain('Feedback for candidate DEMO-001');
  expect(all.text).toContain('Feedback for candidate DEMO-024');
  await session.getByRole('button', { name: 'Feedback (PDF)' }).click();
  await expect(page.getByTestId('feedback-saved')).toContainText(/feedback-session-.+\.pdf/);
  await expectAccessible(page, 'the Reports screen with feedback saved');
});

test.describe('with fewer recordings than the trust minimum', () => {
  // 10 recordings per station: every step has fewer than the 20 compared recordings trust needs.
  test.use({ prepareData: seeded(10) });
  test('the trust table keeps steps without enough data behind a count', async ({ app }) => {
    const page = await app.open();
    await openReports(page, 'Reports');
    const trust = page.getByTestId('trust');
    await expect(trust).toContainText('No step has enough compared recordings yet.');
    const few = trust.getByTestId('trust-few');
    await expect(few.locator('summary')).toHaveText(/^\d+ steps without enough data — show$/);
    const hidden = few.getByTestId('trust-row');
    expect(await hidden.count()).toBeGreaterThan(5);
    await expect(hidden.first()).toBeHidden();
    await few.locator('summary').click();
    await expect(hidden.first()).toBeVisible();
    await expect(hidden.first()).toContainText('not enough data (fewer than 20)');
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('the Reports screen, its glossary, its sentences and an exported report are in Chinese', async ({ app }) => {
    const page = await app.open();
    await openReports(page, '报告');
    const section = page.getByTestId('section-reports');
    await expect(section.getByRole('heading', { name: '报告', exact: true })).toBeVisible();
    await expect(page.getByTestId('leaderboard').getByRole('heading', { name: '模型排行榜' })).toBeVisible();
    await expect(page.getByTestId('glossary')).toContainText('指标说明');
    await expect(page.getByTestId('glossary')).toContainText('步骤加权κ');
    await expect(page.getByTestId('model-sentence').first()).toContainText('与最终分');
    await expect(page.getByTestId('feedback')).toContainText('学员反馈');
    for (const english of ['Model leaderboard', 'What the figures mean', 'Per-step trust', 'Trainee feedback'])
      await expect(section).not.toContainText(english);
    await expectAccessible(page, 'the Reports screen in Chinese');

    const report = await download(page, () =>
      page.getByTestId('export-bar').getByRole('button', { name: 'HTML' }).click(),
    );
    expect(report.text).toContain('<html lang="zh-CN">');
    expect(report.text).toContain('一致性报告');
    expect(report.text).toContain('<h2>指标说明</h2>');
    const feedback = await download(page, () =>
      page.getByTestId('feedback-candidate').getByRole('button', { name: '反馈（HTML）' }).click(),
    );
    expect(feedback.text).toContain('考生 DEMO-001 的反馈');
  });
});
