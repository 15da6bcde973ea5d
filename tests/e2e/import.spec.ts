import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { makeBadInput, makeTestRecording } from '../support/test-media';
import { expect, test } from './fixtures';

let src: string;
let folder: string;

test.beforeAll(async () => {
  src = mkdtempSync(join(tmpdir(), 'osce-e2e-import-'));
  folder = join(src, 'Station 3 CPR');
  mkdirSync(folder);
  await makeTestRecording(folder, 'mp4-h264-aac', { fileName: 'candidate 017.mp4', durationS: 3 });
  await makeTestRecording(folder, 'webm-vp9', { fileName: 'candidate 018.webm', durationS: 2 });
  await makeTestRecording(folder, 'mov-hevc', { fileName: 'candidate 019 (phone).mov', durationS: 2 });
  await makeBadInput(folder, 'text-as-mp4', 'notes.mp4');
});
test.afterAll(() => rmSync(src, { recursive: true, force: true }));

/** Records every progress state the page shows; a fast import may show each only briefly. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progressSeen: string[] }).__progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role=progressbar]');
      const label = document.querySelector('[data-testid=import-progress-label]')?.textContent ?? '';
      if (bar) seen.push(`${bar.getAttribute('aria-valuetext')} | ${label}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

async function videoPlays(page: Page): Promise<void> {
  const video = page.getByTestId('recording-video');
  await expect(video).toBeVisible();
  await page.waitForFunction(
    () => ((document.querySelector('[data-testid=recording-video]') as HTMLVideoElement | null)?.readyState ?? 0) >= 2,
  );
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  // Playing, not just loaded: the clock moves (waited for, as two busy cores may start it late).
  await page.waitForFunction(
    () =>
      ((document.querySelector('[data-testid=recording-video]') as HTMLVideoElement | null)?.currentTime ?? 0) > 0.3,
  );
}

test('import a folder in the UI: progress, the list with posters and durations, and play a recording', async ({
  app,
}) => {
  app.bridge.setDialogPaths([folder]);
  const page = await app.open();
  await expect(page.getByTestId('recordings-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Import recordings…' }).click();
  const panel = page.getByTestId('import-panel');

  await panel.getByRole('button', { name: 'Choose a folder…' }).click();
  await expect(panel.getByTestId('import-chosen')).toContainText('Station 3 CPR');
  await panel.getByLabel('Station (rubric)').selectOption('cpr');
  await panel.getByLabel('Exam session').fill('Year 3 OSCE');
  await panel.getByLabel('Session date').fill('2026-03-14');
  await panel.getByLabel('Site', { exact: true }).fill('Skills lab B');
  await panel.getByLabel('Candidate code of candidate 017.mp4').fill('C-017');
  await panel.getByLabel('Copy into the library').check();
  await watchProgress(page);
  await panel.screenshot({ path: 'test-results/import-panel-chosen.png' });
  await panel.getByRole('button', { name: 'Import 1 item' }).click();
  // For looking at, not asserting: a short import may be over before the bar is drawn.
  await panel
    .getByTestId('import-progress')
    .screenshot({ path: 'test-results/import-progress.png', timeout: 2_000 })
    .catch(() => {});

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary.getByTestId('import-counts')).toHaveText('3 imported · 0 already in the library · 1 failed');
  await expect(summary.getByTestId('import-failed')).toContainText(
    'notes.mp4: could not be read as a video: it is a text file, not a video.',
  );
  await expect(summary.getByTestId('import-imported')).toContainText('candidate 017.mp4: 0:03, 320×180, h264');
  await expect(summary.getByTestId('import-imported')).toContainText(
    'candidate 019 (phone).mov: 0:02, 320×180, hevc (the app makes a playable copy of it)',
  );
  const seen = await page.evaluate(() => (window as unknown as { __progressSeen: string[] }).__progressSeen);
  expect(
    seen.some((s) => /of 4 files \| Importing \d of 4: /.test(s)),
    seen.join('\n'),
  ).toBe(true);
  expect(app.bridge.hostCalls).toContainEqual({ name: 'chooseImportPaths', args: [{ kind: 'folder' }] });

  await page.getByTestId('import-dialog').getByRole('button', { name: 'Close' }).click();
  const table = page.getByTestId('recordings-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.getByTestId('recording-duration')).toHaveText(['0:02', '0:02', '0:03']);
  await expect(table).toContainText('C-017');
  await expect(table).toContainText('Year 3 OSCE');
  const posters = table.getByTestId('recording-poster');
  await expect(posters).toHaveCount(3);
  for (const img of await posters.all()) {
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  }
  // The HEVC phone recording gets a playable copy in the background; the list updates by itself.
  await expect(
    table.locator('tr', { hasText: 'candidate 019 (phone).mov' }).getByTestId('recording-playback'),
  ).toHaveText('playable copy ready', {
    timeout: 30_000,
  });
  await page.screenshot({ path: 'test-results/import-list.png' });

  await page.getByRole('button', { name: 'Play candidate 017.mp4' }).click();
  await videoPlays(page);
  await page.screenshot({ path: 'test-results/import-player.png' });
  await page.getByTestId('recording-player').getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Play candidate 019 (phone).mov' }).click();
  await videoPlays(page);
  await expect(page.getByTestId('recording-video')).toHaveAttribute('src', /\/recording\/\d+\/proxy$/);

  const db = new Database(app.dbPath, { readonly: true });
  const rows = db.prepare(`SELECT original_path, storage, proxy_status FROM recordings ORDER BY id`).all();
  db.close();
  expect(rows).toEqual([
    { original_path: join(folder, 'candidate 017.mp4'), storage: 'copy', proxy_status: 'not_needed' },
    { original_path: join(folder, 'candidate 018.webm'), storage: 'copy', proxy_status: 'not_needed' },
    { original_path: join(folder, 'candidate 019 (phone).mov'), storage: 'copy', proxy_status: 'ready' },
  ]);
});

test('dropped files are added by their path; a cancelled dialog adds nothing; a duplicate is reported', async ({
  app,
}) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Import recordings…' }).click();
  const panel = page.getByTestId('import-panel');
  app.bridge.setDialogPaths([]);
  await panel.getByRole('button', { name: 'Choose files…' }).click();
  await expect(panel.getByTestId('import-chosen')).toHaveCount(0);

  const file = join(folder, 'candidate 018.webm');
  await page.evaluate((path) => {
    (window as unknown as { __osceDroppedPaths: Record<string, string> }).__osceDroppedPaths = {
      'candidate 018.webm': path,
    };
  }, file);
  const drop = async (names: string[]) => {
    const data = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const name of list) dt.items.add(new File(['x'], name));
      return dt;
    }, names);
    await panel.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: data });
  };
  await drop(['candidate 018.webm', 'from somewhere else.mp4']);
  await expect(panel.getByTestId('import-chosen')).toHaveText(/candidate 018\.webm/);
  await expect(panel).toContainText('from somewhere else.mp4 could not be added');

  await panel.getByLabel('Leave in place (reference)').check();
  await panel.getByRole('button', { name: 'Import 1 item' }).click();
  await expect(page.getByTestId('import-counts')).toHaveText('1 imported · 0 already in the library · 0 failed');
  await expect(page.getByTestId('recordings-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('recordings-table')).toContainText('(in place)');

  await drop(['candidate 018.webm']);
  await expect(panel.getByTestId('import-chosen')).toHaveText(/candidate 018\.webm/);
  await panel.getByRole('button', { name: 'Import 1 item' }).click();
  await expect(page.getByTestId('import-counts')).toHaveText('0 imported · 1 already in the library · 0 failed');
  await expect(page.getByTestId('import-duplicates')).toContainText('candidate 018.webm is recording #1');
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Play candidate 018.webm' }).click();
  await videoPlays(page);
});
