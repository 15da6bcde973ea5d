import { seeded, seedReview, shot, startMarking } from './review-helpers';
import { test, expect } from './fixtures';

// 10,000 recordings: CPR-1 (6,000, S…), AED-2 (3,000, T…), BMV-3 (1,000, U…); one with suggestions, one marked by Ann.
test.use({ prepareData: { run: (dir) => seedReview(dir, 'queue') } });

test('10,000 recordings scroll in a virtualised list and filter by session, station, candidate, status and text', async ({
  app,
}) => {
  const page = await app.open();
  await startMarking(page, 'Dr Ann Adams');
  const count = page.getByTestId('queue-count');
  const queue = page.getByTestId('recording-queue');
  await expect(count).toHaveText('10,000 recordings');
  await expect(queue).toContainText('U00999');
  // Only the rows in view (plus a few) are in the page, not 10,000.
  expect(await queue.getByRole('option').count()).toBeLessThan(60);
  await page.screenshot({ path: shot('review-list.png') });

  const started = Date.now();
  await queue.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(queue).toContainText('S00000'); // the oldest recording, last in the list
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(await queue.getByRole('option').count()).toBeLessThan(60);

  await page.getByLabel('Station').selectOption('AED-2');
  await expect(count).toHaveText('3,000 recordings');
  await page.getByLabel('Station').selectOption('');
  await page.getByLabel('Status').selectOption('suggestions_ready');
  await expect(count).toHaveText('1 recording');
  await expect(page.getByTestId(`queue-row-${seeded.ids.suggested}`)).toContainText('U00010');
  await page.getByLabel('Status').selectOption('marked_by_one');
  await expect(page.getByTestId(`queue-row-${seeded.ids.marked}`)).toContainText('You: submitted');
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Candidate').fill('u0001');
  await expect(count).toHaveText('10 recordings');
  await page.getByLabel('Candidate').fill('');
  await page.getByLabel('Session').selectOption({ label: 'Year 4 autumn' });
  await expect(count).toHaveText('1,000 recordings');
  await page.getByLabel('Search recordings').fill('U00500');
  await expect(count).toHaveText('1 recording');

  // Step spans for clip scoring, from a CSV: a bad line is named and nothing is written; a good file fills the column.
  await page.getByLabel('Session').selectOption('');
  await page.getByLabel('Search recordings').fill('U00010');
  await expect(count).toHaveText('1 recording');
  const row = page.getByTestId(`queue-row-${seeded.ids.suggested}`);
  await expect(row.getByTestId('queue-spans')).toHaveText('0/5');
  const upload = (text: string) =>
    page
      .getByTestId('spans-file')
      .setInputFiles({ name: 'spans.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  const id = seeded.ids.suggested;
  await upload(`recording,step_id,start_s,end_s\n${id},bmv.mask_seal,1,2\n${id},bmv.ventilation,3,1\n`);
  await expect(page.getByTestId('spans-import')).toContainText('spans.csv was not imported, nothing was written');
  await expect(page.getByTestId('spans-import')).toContainText('line 3');
  await expect(page.getByTestId('spans-import')).toContainText('a span must end after it starts');
  await expect(row.getByTestId('queue-spans')).toHaveText('0/5');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: shot('review-spans-refused-1280x720.png') });
  await upload(`recording,step_id,start_s,end_s\n${id},bmv.mask_seal,1,2\n${id},bmv.ventilation,2,3\n`);
  await expect(page.getByTestId('spans-imported')).toContainText('2 spans of 1 recording imported as Dr Ann Adams’s.');
  await expect(page.getByTestId(`queue-row-${id}`).getByTestId('queue-spans')).toHaveText('2/5');
  await page.screenshot({ path: shot('review-spans-imported-1280x720.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: shot('review-spans-imported-1920x1080.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByLabel('Session').selectOption({ label: 'Year 4 autumn' });
  await page.getByLabel('Search recordings').fill('U00500');
  await expect(count).toHaveText('1 recording');

  // Keyboard: / goes to the search, j/k move, Enter opens.
  await page.getByLabel('Search recordings').fill('');
  await expect(count).toHaveText('1,000 recordings');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(queue.getByRole('option', { selected: true })).toContainText('U00997');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-screen')).toContainText('U00997 · BMV-3');
});

test('j, j, Enter pressed faster than the page renders open the row they selected', async ({ app }) => {
  const page = await app.open();
  await startMarking(page, 'Dr Ann Adams');
  await expect(page.getByTestId('recording-queue')).toContainText('U00999');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // All three in one task: no render (and no fresh key handler) between them, as on a busy machine.
  await page.evaluate(() => {
    for (const key of ['j', 'j', 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
  await expect(page.getByTestId('review-screen')).toContainText('U00997 · BMV-3');
});
