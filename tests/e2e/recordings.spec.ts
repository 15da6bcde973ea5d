// The recordings screen (issue 14 items 4 and 6): the list first with status, candidate and
// examiner progress, search and filters; candidate codes read from file names at import with a
// preview, changed later one by one or for a selection (audited); model suggestions from a selection.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeTestRecording } from '../support/test-media';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { startMarking } from './review-helpers';

let src: string;
let folder: string;

test.beforeAll(async () => {
  src = mkdtempSync(join(tmpdir(), 'osce-e2e-candidates-'));
  folder = join(src, 'CPR station');
  mkdirSync(folder);
  await makeTestRecording(folder, 'mp4-no-audio', { fileName: 'C-101_cpr.mp4', durationS: 1 });
  await makeTestRecording(folder, 'webm-vp9', { fileName: 'C-102_cpr_retake.webm', durationS: 1 });
  await makeTestRecording(folder, 'mp4-h264-aac', { fileName: 'station3 back camera.mp4', durationS: 1 });
});
test.afterAll(() => rmSync(src, { recursive: true, force: true }));

const row = (page: Page, fileName: string) =>
  page.getByTestId('recordings-table').locator('tbody tr', { hasText: fileName });

function candidateAudit(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT a.entity, a.before, a.after, r.original_path AS path FROM audit_events a
         JOIN recordings r ON r.id = CAST(a.entity_id AS INTEGER) WHERE a.action = 'set_candidate' ORDER BY a.seq`,
      )
      .all() as { entity: string; before: string; after: string; path: string }[];
  } finally {
    db.close();
  }
}

test('candidate codes from a file-name pattern with a live preview, then changed one by one and in bulk, audited', async ({
  app,
}) => {
  app.bridge.setDialogPaths([folder]);
  const page = await app.open();
  await page.getByRole('button', { name: 'Import recordings…' }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByRole('button', { name: 'Choose a folder…' }).click();
  await dialog.getByLabel('Exam session').fill('Year 3 OSCE');

  // The preview lists every file of the folder and what the pattern reads from each name, as it is typed.
  const preview = dialog.getByTestId('candidate-preview');
  await expect(preview.getByTestId('candidate-preview-row')).toHaveCount(3);
  await dialog.getByLabel('Candidate code from the file name').fill('{candidate}_*');
  await expect(dialog.getByLabel('Candidate code of C-101_cpr.mp4')).toHaveValue('C-101');
  await expect(dialog.getByLabel('Candidate code of C-102_cpr_retake.webm')).toHaveValue('C-102');
  await expect(dialog.getByLabel('Candidate code of station3 back camera.mp4')).toHaveValue('');
  await expect(preview.locator('tr', { hasText: 'station3 back camera.mp4' })).toContainText(
    'the pattern does not match this name',
  );
  await dialog.getByLabel('Candidate code from the file name').fill('C-*');
  await expect(dialog).toContainText('The pattern must contain {candidate} once.');
  await dialog.getByLabel('Candidate code from the file name').fill('{candidate}_cpr*');
  await expect(dialog.getByLabel('Candidate code of C-102_cpr_retake.webm')).toHaveValue('C-102');
  // A file the pattern cannot read gets its code typed in.
  await dialog.getByLabel('Candidate code of station3 back camera.mp4').fill('C-103');
  await expectAccessible(page, 'the import dialog with the candidate preview');
  await dialog.getByRole('button', { name: 'Import 1 item' }).click();
  await expect(dialog.getByTestId('import-counts')).toHaveText('3 imported · 0 already in the library · 0 failed', {
    timeout: 30_000,
  });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(row(page, 'C-101_cpr.mp4').getByTestId('recording-candidate')).toHaveText('C-101');
  await expect(row(page, 'C-102_cpr_retake.webm').getByTestId('recording-candidate')).toHaveText('C-102');
  await expect(row(page, 'station3 back camera.mp4').getByTestId('recording-candidate')).toHaveText('C-103');

  // One recording: the code is checked with the name rule before anything is saved.
  await page.getByRole('button', { name: 'Edit the candidate of C-101_cpr.mp4' }).click();
  const edit = page.getByTestId('candidate-dialog');
  await expect(edit.getByLabel('Candidate code')).toHaveValue('C-101');
  await edit.getByLabel('Candidate code').fill('x'.repeat(65));
  await edit.getByRole('button', { name: 'Save candidate' }).click();
  await expect(edit).toContainText('The candidate code is longer than 64 characters.');
  await expectAccessible(page, 'the candidate dialog with a problem');
  await edit.getByLabel('Candidate code').fill('C-201');
  await edit.getByRole('button', { name: 'Save candidate' }).click();
  await expect(page.getByTestId('recordings-notice')).toHaveText('Candidate changed on 1 recording.');
  await expect(row(page, 'C-101_cpr.mp4').getByTestId('recording-candidate')).toHaveText('C-201');

  // Several at once: select rows, one code for all.
  await page.getByRole('checkbox', { name: 'Select C-102_cpr_retake.webm' }).check();
  await page.getByRole('checkbox', { name: 'Select station3 back camera.mp4' }).check();
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected');
  await page.getByRole('button', { name: 'Set candidate…' }).click();
  await expect(edit).toContainText('Now: C-102, C-103');
  await edit.getByLabel('Candidate code').fill('C-300');
  await edit.getByRole('button', { name: 'Save candidate' }).click();
  await expect(page.getByTestId('recordings-notice')).toHaveText('Candidate changed on 2 recordings.');
  await expect(row(page, 'C-102_cpr_retake.webm').getByTestId('recording-candidate')).toHaveText('C-300');
  await expect(row(page, 'station3 back camera.mp4').getByTestId('recording-candidate')).toHaveText('C-300');

  expect(candidateAudit(app.dbPath)).toEqual([
    {
      entity: 'recording',
      path: join(folder, 'C-101_cpr.mp4'),
      before: '{"candidate":"C-101"}',
      after: '{"candidate":"C-201"}',
    },
    {
      entity: 'recording',
      path: join(folder, 'C-102_cpr_retake.webm'),
      before: '{"candidate":"C-102"}',
      after: '{"candidate":"C-300"}',
    },
    {
      entity: 'recording',
      path: join(folder, 'station3 back camera.mp4'),
      before: '{"candidate":"C-103"}',
      after: '{"candidate":"C-300"}',
    },
  ]);

  // The feedback candidate list and the review title follow the data.
  const candidates = await page.evaluate(() =>
    (window as unknown as { osce: { listFeedbackCandidates(): Promise<unknown> } }).osce.listFeedbackCandidates(),
  );
  expect(candidates).toMatchObject({ ok: true, value: expect.arrayContaining([{ code: 'C-300', recordings: 2 }]) });
  const db = new Database(app.dbPath, { readonly: true });
  const id = db.prepare('SELECT id FROM recordings WHERE original_path = ?').pluck().get(join(folder, 'C-101_cpr.mp4'));
  db.close();
  await startMarking(page, 'Dr Lee');
  await page.getByTestId(`queue-row-${id}`).click();
  await expect(page.getByTestId('review-screen').getByRole('heading', { level: 1 })).toContainText('C-201 · CPR');
});

test.describe('a lab with recordings', () => {
  test.use({
    viewport: { width: 1280, height: 720 },
    prepareData: {
      run: (_dir, dbPath) => {
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, 'seed-recordings.ts'), dbPath],
          {
            encoding: 'utf8',
          },
        );
        if (r.status !== 0) throw new Error(`seeding the recordings failed: ${r.stderr}`);
      },
    },
  });

  test('the list comes first at 1280×720 with status and examiners; search and filters narrow it', async ({ app }) => {
    const page = await app.open();
    const table = page.getByTestId('recordings-table');
    await expect(table.locator('tbody tr')).toHaveCount(12);
    // Rows are on screen without scrolling: the first ones lie inside the 720 px window.
    for (const i of [0, 1, 2]) {
      await expect(table.locator('tbody tr').nth(i)).toBeInViewport();
      const box = await table.locator('tbody tr').nth(i).boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(720);
    }
    expect(await page.evaluate(() => document.querySelector('.content')?.scrollTop ?? 0)).toBe(0);
    await expect(page.getByTestId('recordings-count')).toHaveText('12 recordings');
    await expect(table.getByTestId('recording-status').first()).toHaveText('Unmarked');
    await expect(table.locator('tbody tr').first()).toContainText('not marked');
    await page.screenshot({ path: test.info().outputPath('recordings-1280.png') });
    await expectAccessible(page, 'the recordings list');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'the recordings list in the dark theme');
    await page.emulateMedia({ colorScheme: 'light' });

    const filters = page.getByTestId('recording-filters');
    await filters.getByLabel('Search').fill('C012');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table).toContainText('C012');
    await expect(page.getByTestId('recordings-count')).toHaveText('1 of 1 recordings');
    await filters.getByLabel('Search').fill('');
    await filters.getByLabel('Station').selectOption('CPR');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await filters.getByLabel('Status').selectOption('final');
    await expect(page.getByTestId('recordings-no-match')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(table.locator('tbody tr')).toHaveCount(12);
    await filters.getByLabel('Status').selectOption('unmarked');
    await expect(table.locator('tbody tr')).toHaveCount(12);

    await page.getByRole('button', { name: 'Exam sessions…' }).click();
    await expect(page.getByTestId('sessions-table')).toContainText('Year 3 OSCE');
    await expectAccessible(page, 'the sessions dialog');
  });

  test('model suggestions start from the rows selected in the list', async ({ app }) => {
    const page = await app.open();
    const saved = await page.evaluate(() =>
      (
        window as unknown as { osce: { saveModelProvider(p: unknown): Promise<{ ok: boolean }> } }
      ).osce.saveModelProvider({
        name: 'Lab GPU',
        kind: 'local',
        baseUrl: 'http://127.0.0.1:9/v1',
        model: 'fake-vision',
        framesPerRequest: 4,
        imageDetail: 'low',
        timeoutS: 60,
        concurrency: 1,
        temperature: 0,
        maxOutputTokens: 1024,
        tokenParameter: 'max_tokens',
        maskFaces: false,
      }),
    );
    expect(saved.ok).toBe(true);
    const table = page.getByTestId('recordings-table');
    await table
      .getByRole('checkbox', { name: /^Select / })
      .nth(1)
      .check();
    await table
      .getByRole('checkbox', { name: /^Select / })
      .nth(4)
      .check();
    await page.getByRole('button', { name: 'Model suggestions for the selection…' }).click();
    const scoring = page.getByTestId('model-scoring');
    await expect(scoring.getByTestId('scoring-recordings').getByRole('checkbox', { checked: true })).toHaveCount(2);
    await expect(scoring).toContainText('2 of 12 chosen');
    await expectAccessible(page, 'the model suggestions dialog');
    await scoring.getByRole('button', { name: 'Estimate and score…' }).click();
    await expect(page.getByTestId('scoring-dialog').getByTestId('scoring-estimate')).toContainText('2 recording(s)');
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('the recordings screen and its import dialog are in Chinese', async ({ app }) => {
    const page = await app.open();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('录像');
    await expect(page.getByTestId('recordings-empty')).toContainText('尚无录像');
    await page.getByRole('button', { name: '导入录像…' }).click();
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.getByRole('button', { name: '选择文件夹…' })).toBeVisible();
    await expect(dialog.getByLabel('从文件名读取考生编号')).toBeVisible();
    await expectAccessible(page, 'the import dialog in Chinese');
  });
});
