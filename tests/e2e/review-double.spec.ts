import Database from 'better-sqlite3';
import { progress, seedReview, shot, startMarking } from './review-helpers';
import { test, expect } from './fixtures';

// Dr Ann Adams has marked the BMV recording D-1 with full marks and submitted (seeded).
test.use({ prepareData: { run: (dir) => seedReview(dir, 'double') } });

test('two examiners see only their own marks until both submit; a third adjudicates the differences to a final score', async ({
  app,
}) => {
  const page = await app.open();
  await startMarking(page, 'Dr Ben Brown');
  await expect(page.getByTestId('recording-queue')).toContainText('Marked by one examiner');
  await page.getByTestId('recording-queue').getByText('D-1', { exact: true }).click();

  // Ben starts from nothing: none of Ann's marks, only that she has submitted.
  await expect(progress(page)).toHaveText('Your marks: 0 / 5 steps · 0 / 14 points');
  const double = page.getByTestId('double-marking');
  await expect(double).toContainText('Dr Ann Adams: submitted');
  await expect(page.getByTestId('others-hidden')).toContainText('hidden until you have submitted yours');
  for (const score of ['2', '2', '2', '1', '2']) await page.keyboard.press(score);
  await expect(progress(page)).toHaveText('Your marks: 5 / 5 steps · 9 / 14 points');
  await expect(page.getByTestId('discrepancies')).toHaveCount(0);
  expect(await page.content()).not.toContain('Dr Ann Adams: 4');

  await page.keyboard.press('s');
  await page.keyboard.press('Enter');
  const discrepancies = page.getByTestId('discrepancies');
  await expect(discrepancies).toContainText('2 steps where the examiners differ');
  await expect(page.getByTestId('discrepancy-bmv.mask_seal')).toContainText('Dr Ann Adams: 4');
  await expect(page.getByTestId('discrepancy-bmv.mask_seal')).toContainText('Dr Ben Brown: 2');
  await expect(page.getByTestId('discrepancy-bmv.ventilation')).toContainText('Dr Ben Brown: 1');
  await expect(page.getByTestId('final-total')).toHaveText('Final total: awaiting adjudication');
  // Ben marked it, so he may not settle his own disagreement: no adjudication form, and why (issue 12).
  await expect(page.getByTestId('adjudication-barrier')).toContainText(
    'You marked this recording, so you cannot adjudicate it',
  );
  await expect(page.getByRole('button', { name: 'Set final score' })).toHaveCount(0);
  await page.getByTestId('double-marking').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('review-marker-cannot-adjudicate.png') });

  // A third examiner adjudicates each difference with the keyboard: a, the final score, a reason, Enter.
  await page.keyboard.press('b');
  await startMarking(page, 'Dr Cleo Cole');
  await page.getByTestId('recording-queue').getByText('D-1', { exact: true }).click();
  // Nothing of the others' marks until Cleo chooses to adjudicate rather than mark.
  await expect(page.getByTestId('discrepancies')).toHaveCount(0);
  await page.getByTestId('adjudicate-instead').click();
  await expect(page.getByTestId('discrepancies')).toBeVisible();
  await expect(page.getByTestId('adjudicator-note')).toContainText('You have not marked this recording');
  await expect(page.getByTestId('step-bmv.ventilation')).toContainText('awaiting adjudication');
  await page.keyboard.press('a');
  await page.keyboard.press('2');
  await page.keyboard.type('Leak at the mask edge from 0:03');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('adjudicated-bmv.mask_seal')).toContainText(
    'Final 2 / 4 — Leak at the mask edge from 0:03 (Dr Cleo Cole)',
  );
  await page.keyboard.press('a');
  await page.keyboard.press('1');
  await page.keyboard.type('No visible chest rise on two breaths');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('adjudicated-bmv.ventilation')).toContainText('Final 1 / 4');

  await expect(page.getByTestId('finals')).toContainText('Status: Final');
  await expect(page.getByTestId('final-total')).toHaveText('Final total: 9 / 14');
  await expect(page.getByTestId('failed-critical')).toContainText('Ventilation volume and timing (1)');
  await expect(page.getByTestId('step-bmv.ventilation')).toContainText('final: 1 (adjudicated)');
  await page.getByTestId('double-marking').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('review-adjudication.png') });

  const db = new Database(app.dbPath, { readonly: true });
  expect(
    db
      .prepare(
        `SELECT a.step_id, a.final_score, a.reason, r.name FROM adjudications a JOIN raters r ON r.id = a.adjudicator_id ORDER BY a.step_id`,
      )
      .raw()
      .all(),
  ).toEqual([
    ['bmv.mask_seal', 2, 'Leak at the mask edge from 0:03', 'Dr Cleo Cole'],
    ['bmv.ventilation', 1, 'No visible chest rise on two breaths', 'Dr Cleo Cole'],
  ]);
  // Adjudicating does not make Cleo a marker.
  expect(db.prepare(`SELECT count(*) FROM markings`).pluck().get()).toBe(2);
  db.close();
});
