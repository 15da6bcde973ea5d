import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { useRubricVersion } from '../support/rubric-usage';
import { test, expect } from './fixtures';

async function openRubrics(page: Page) {
  await page.getByRole('button', { name: 'Rubrics', exact: true }).click();
  await expect(page.getByTestId('rubric-list')).toBeVisible();
}

/** Opens a built-in, duplicates it under a new id and title; the copy is not saved yet. */
async function duplicateBuiltin(page: Page, builtin: string, id: string, title: string) {
  await page.getByRole('button', { name: `Open ${builtin}`, exact: true }).click();
  const editor = page.getByTestId('rubric-editor');
  await expect(editor).toContainText('Built-in rubric');
  await editor.getByRole('button', { name: 'Duplicate rubric' }).click();
  await expect(page.getByTestId('rubric-notice')).toContainText('This is a new rubric, not saved yet');
  await editor.getByLabel('Rubric id').fill(id);
  await editor.getByLabel('Rubric title').fill(title);
  return editor;
}

const field = (page: Page, key: string) => page.locator(`#rubric-field-${key.replace(/\./g, '-')}`);

test('a duplicated built-in with an error shows it next to the field, and saves once fixed', async ({ app }) => {
  const page = await app.open();
  await openRubrics(page);
  await expect(page.getByTestId('rubric-row-cpr')).toContainText('built-in');
  await expect(page.getByTestId('rubric-row-bmv')).toContainText('Bag-mask ventilation');

  const editor = await duplicateBuiltin(page, 'bmv', 'bmv-lab', 'Bag-mask ventilation (lab)');
  await field(page, 'steps.2.allowed_scores').fill('0, 2, 4, 5');
  await field(page, 'steps.1.criteria').fill('');
  await editor.getByRole('button', { name: 'Save' }).click();

  const summary = page.getByTestId('rubric-issues');
  await expect(summary).toContainText('2 problems');
  await expect(page.getByTestId('issues-steps.2.allowed_scores')).toHaveText(
    "allowed score 5 is above the step's maximum of 4",
  );
  await expect(page.getByTestId('issues-steps.1.criteria')).toHaveText('criteria is blank');
  await expect(field(page, 'steps.2.allowed_scores')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'steps.1.criteria')).toHaveAttribute('aria-invalid', 'true');
  // The problem sits inside step 3's card, not somewhere else on the page.
  await expect(page.getByTestId('step-3')).toContainText("allowed score 5 is above the step's maximum of 4");
  await expect(page.getByTestId('rubric-row-bmv-lab')).toHaveCount(0);
  await expect(summary).toBeFocused();
  await page.screenshot({ path: 'test-results/rubric-editor-summary.png' });
  await summary.getByRole('button', { name: 'Step 3 · allowed scores' }).click();
  await expect(field(page, 'steps.2.allowed_scores')).toBeFocused();
  await page.screenshot({ path: 'test-results/rubric-editor.png' });

  await field(page, 'steps.2.allowed_scores').fill('0, 2, 4');
  await expect(page.getByTestId('issues-steps.2.allowed_scores')).toHaveCount(0);
  await field(page, 'steps.1.criteria').fill(
    'Opens the airway with head tilt-chin lift and keeps it open between breaths.',
  );
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText('Saved bmv-lab as version 1.');
  await expect(page.getByTestId('rubric-issues')).toHaveCount(0);
  const row = page.getByTestId('rubric-row-bmv-lab');
  await expect(row).toContainText('Bag-mask ventilation (lab)');
  await expect(row.getByRole('button', { name: 'Open bmv-lab v1' })).toBeVisible();
  await expect(page.getByTestId('rubric-row-bmv')).toContainText('Bag-mask ventilation');

  // A second duplicate under the same id is refused at the id field.
  await editor.getByRole('button', { name: 'Duplicate rubric' }).click();
  await editor.getByLabel('Rubric id').fill('bmv-lab');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('issues-id')).toContainText("a rubric with id 'bmv-lab' already exists");
});

test('editing a version that scores use saves a new version and leaves the old one as it was', async ({ app }) => {
  const page = await app.open();
  await openRubrics(page);
  const editor = await duplicateBuiltin(page, 'aed', 'aed-lab', 'AED (lab)');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText('Saved aed-lab as version 1.');
  const original = await field(page, 'steps.0.criteria').inputValue();

  const db = new Database(app.dbPath);
  useRubricVersion(db, 'step_scores', 'aed-lab', 1);
  db.close();

  await field(page, 'steps.0.criteria').fill('Switches the AED on as soon as it arrives, before anything else.');
  await editor.getByRole('button', { name: 'Move step 2 up' }).click();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText(
    'Saved as version 2 (version 1 is in use by scores and stays unchanged).',
  );
  await page.screenshot({ path: 'test-results/rubric-new-version.png' });
  const row = page.getByTestId('rubric-row-aed-lab');
  await expect(row.getByRole('button', { name: 'Open aed-lab v2' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Open aed-lab v1 in use' })).toBeVisible();

  await row.getByRole('button', { name: 'Open aed-lab v1 in use' }).click();
  await expect(editor).toContainText('Version 1 is used by scores');
  // Version 1 keeps its text and step order; the edit and the move live in version 2.
  await expect(field(page, 'steps.0.criteria')).toHaveValue(original);
  await expect(field(page, 'steps.1.title')).toHaveValue('Prepare chest and pads');
  await row.getByRole('button', { name: 'Open aed-lab v2' }).click();
  await expect(field(page, 'steps.1.criteria')).toHaveValue(
    'Switches the AED on as soon as it arrives, before anything else.',
  );
  await expect(field(page, 'steps.0.title')).toHaveValue('Prepare chest and pads');
  const check = new Database(app.dbPath, { readonly: true });
  expect(check.prepare(`SELECT rubric_version FROM step_scores WHERE rubric_id = 'aed-lab'`).pluck().all()).toEqual([
    1,
  ]);
  expect(check.prepare(`SELECT version FROM rubrics WHERE id = 'aed-lab' ORDER BY version`).pluck().all()).toEqual([
    1, 2,
  ]);
  check.close();
});

test('steps can be added, duplicated, deleted and previewed as the examiner checklist; export and import round-trip', async ({
  app,
}) => {
  const page = await app.open();
  await openRubrics(page);
  const editor = await duplicateBuiltin(page, 'bmv', 'bmv-steps', 'BMV steps');
  await editor.getByRole('button', { name: 'Duplicate step 1' }).click();
  await expect(field(page, 'steps.1.id')).toHaveValue('bmv.equipment_oxygen_copy');
  await editor.getByRole('button', { name: 'Delete step 2' }).click();
  await editor.getByRole('button', { name: 'Add step' }).click();
  await expect(editor.getByTestId('step-6')).toBeVisible();
  await field(page, 'steps.5.title').fill('Hand over');
  await field(page, 'steps.5.criteria').fill('Reports breaths given and chest rise to the team.');
  await field(page, 'steps.5.max_points').fill('2');
  await field(page, 'steps.5.allowed_scores').fill('0, 1, 2');
  // The copy keeps the built-in's Chinese text, which must word every step: the new one too.
  await editor.getByRole('radio', { name: 'Chinese' }).check();
  await field(page, 'steps.5.zh.title').fill('交接');
  await field(page, 'steps.5.zh.criteria').fill('向团队报告已给予的通气次数和胸廓起伏情况。');
  await editor.getByRole('radio', { name: 'English' }).check();

  await editor.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('rubric-preview');
  await expect(preview.locator('.checklist-step')).toHaveCount(6);
  await expect(preview.getByRole('group', { name: 'Score for step 6' }).getByRole('button')).toHaveText([
    '0',
    '1',
    '2',
  ]);
  await expect(preview.locator('.checklist-step').nth(3)).toContainText('critical');
  await preview.getByRole('group', { name: 'Score for step 4' }).getByRole('button', { name: '2' }).click();
  await expect(preview).toContainText('fails: critical step below maximum');
  await page.screenshot({ path: 'test-results/rubric-preview.png' });
  await editor.getByRole('button', { name: 'Back to editing' }).click();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText('Saved bmv-steps as version 1.');
  await expect(page.getByTestId('rubric-row-bmv-steps')).toContainText('6');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    editor.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('bmv-steps-v1.json');
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported.steps.map((s: { title: string }) => s.title).at(-1)).toBe('Hand over');

  // The exported file, renamed and changed, imports as a new rubric.
  exported.id = 'bmv-imported';
  await page.getByTestId('rubric-import-input').setInputFiles({
    name: 'bmv-imported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await expect(page.getByTestId('rubrics-message')).toContainText(
    'bmv-imported.json: Saved bmv-imported as version 1.',
  );
  await expect(page.getByTestId('rubric-row-bmv-imported')).toBeVisible();

  const csv = 'step,title,criteria,max_points\nopen,Open airway,Head tilt,2\nseal,Mask seal,E-C clamp,two\n';
  await page
    .getByTestId('rubric-import-input')
    .setInputFiles({ name: 'airway.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const problems = page.getByTestId('rubric-import-problems');
  await expect(problems).toContainText('airway.csv was not imported');
  await expect(problems).toContainText("line 3 max_points 'two' is not a number");
});
