// The rubrics screen in both languages: one rubric, two texts. The Chinese page shows the built-in
// rubrics' Chinese words; the editor edits either text, and a text-only edit keeps the version.
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { useRubricVersion } from '../support/rubric-usage';
import { expectAccessible } from './axe';
import { test, expect } from './fixtures';

const field = (page: Page, key: string) => page.locator(`#rubric-field-${key.replace(/\./g, '-')}`);

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the rubrics screen shows the Chinese CPR steps, criteria and deductions, with the same steps and points', async ({
    app,
  }) => {
    test.slow(); // axe over the 19-step editor takes a while on a shared CPU
    const page = await app.open();
    await page.getByRole('button', { name: '评分表', exact: true }).click();
    const list = page.getByTestId('rubric-list');
    await expect(list).toBeVisible();
    await expect(page.getByRole('heading', { name: '评分表库' })).toBeVisible();
    const cprRow = page.getByTestId('rubric-row-cpr');
    await expect(cprRow).toContainText('成人心肺复苏（单人施救）');
    await expect(cprRow).toContainText('内置');
    await expect(page.getByTestId('rubric-row-bmv')).toContainText('球囊面罩通气');
    await expectAccessible(page, 'rubrics list (Chinese)');

    await page.getByRole('button', { name: '打开 cpr', exact: true }).click();
    const editor = page.getByTestId('rubric-editor');
    await expect(editor).toContainText('19 个步骤 · 50 分');
    await expect(editor.getByRole('radio', { name: '中文' })).toBeChecked();
    await expect(field(page, 'zh.title')).toHaveValue('成人心肺复苏（单人施救）');
    await expect(field(page, 'steps.0.zh.title')).toHaveValue('评估现场环境安全');
    await expect(field(page, 'steps.8.zh.title')).toHaveValue('按压深度');
    await expect(field(page, 'steps.8.zh.criteria')).toHaveValue(/按压深度 5–6 cm/);
    await expect(field(page, 'steps.8.id')).toHaveValue('cpr.compression_depth');
    await expect(field(page, 'steps.8.max_points')).toHaveValue('4');
    await expect(editor.getByTestId('step-9')).toContainText('英文：Compression depth');
    await expectAccessible(page, 'rubric editor (Chinese text)');

    await editor.getByRole('button', { name: '预览' }).click();
    const preview = page.getByTestId('rubric-preview');
    await expect(preview.locator('.checklist-step')).toHaveCount(19);
    await expect(preview.getByTestId('preview-step-1')).toContainText('评估现场环境安全');
    await expect(preview.getByTestId('preview-step-10')).toContainText('按压频率 100–120 次/分');
    await expect(preview.getByTestId('preview-step-13')).toContainText('开放气道');
    await expect(preview.getByTestId('preview-step-9')).toContainText('扣 4 分：多数按压浅于 5 cm');
    await expect(preview.getByRole('group', { name: '步骤 9 的得分' }).getByRole('button')).toHaveText([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    await expectAccessible(page, 'rubric preview (Chinese)');

    // The same rubric's English words are one switch away; the steps and points do not change.
    await editor.getByRole('radio', { name: '英文' }).check();
    await expect(preview.getByTestId('preview-step-9')).toContainText('Compression depth');
    await expect(preview.getByRole('group', { name: '步骤 9 的得分' }).getByRole('button')).toHaveCount(5);
  });
});

test('the editor edits the Chinese text of a lab rubric in place: same version, scores kept; a missing word is named', async ({
  app,
}) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Rubrics', exact: true }).click();
  await page.getByRole('button', { name: 'Open bmv', exact: true }).click();
  const editor = page.getByTestId('rubric-editor');
  await expect(editor.getByRole('radio', { name: 'English' })).toBeChecked();
  await editor.getByRole('button', { name: 'Duplicate rubric' }).click();
  await field(page, 'id').fill('bmv-lab');
  await field(page, 'title').fill('Bag-mask ventilation (lab)');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText('Saved bmv-lab as version 1.');
  await expect(page.getByTestId('rubric-row-bmv-lab')).toContainText('English · Chinese');

  // Marks now use version 1, so it is frozen for anything that scores.
  const db = new Database(app.dbPath);
  useRubricVersion(db, 'step_scores', 'bmv-lab', 1);
  db.close();

  await editor.getByRole('radio', { name: 'Chinese' }).check();
  await expectAccessible(page, 'rubric editor (Chinese text of a lab rubric)');
  await field(page, 'zh.title').fill('球囊面罩通气（本校）');
  await field(page, 'steps.2.zh.criteria').fill('');
  await editor.getByRole('radio', { name: 'English' }).check();
  await editor.getByRole('button', { name: 'Save' }).click();

  // The problem is in the Chinese text: the editor shows that text and the field.
  const summary = page.getByTestId('rubric-issues');
  await expect(summary).toContainText('1 problem');
  await expect(editor.getByRole('radio', { name: 'Chinese' })).toBeChecked();
  await expect(page.getByTestId('issues-steps.2.zh.criteria')).toHaveText('criteria is blank');
  await expect(field(page, 'steps.2.zh.criteria')).toHaveAttribute('aria-invalid', 'true');
  await expect(summary.getByRole('button', { name: 'Chinese text · Step 3 · criteria' })).toBeVisible();
  await expectAccessible(page, 'rubric editor with a problem in the Chinese text');

  await field(page, 'steps.2.zh.criteria').fill('面罩上至鼻梁、下至颏唇沟，EC 手法托起下颌，无漏气。');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rubric-notice')).toHaveText(
    'Saved the translated text of version 1 in place: its steps, points and scoring are unchanged.',
  );
  const row = page.getByTestId('rubric-row-bmv-lab');
  await expect(row.getByRole('button', { name: /^Open bmv-lab v/ })).toHaveCount(1);

  const check = new Database(app.dbPath, { readonly: true });
  const body = JSON.parse(
    check.prepare(`SELECT body FROM rubrics WHERE id = 'bmv-lab' AND version = 1`).pluck().get() as string,
  );
  check.close();
  expect(body.title).toBe('Bag-mask ventilation (lab)');
  expect(body.translations['zh-CN'].title).toBe('球囊面罩通气（本校）');
  expect(body.translations['zh-CN'].steps['bmv.mask_seal'].criteria).toContain('EC 手法');
});

test('the rubrics list, the editor in either text and the preview pass axe in the dark theme', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.locator('input[name="theme"][value="dark"]').check();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.getByRole('button', { name: 'Rubrics', exact: true }).click();
  await expect(page.getByTestId('rubric-list')).toBeVisible();
  await expectAccessible(page, 'rubrics list (dark)');
  await page.getByRole('button', { name: 'Open bmv', exact: true }).click();
  const editor = page.getByTestId('rubric-editor');
  await expectAccessible(page, 'rubric editor, English text (dark)');
  await editor.getByRole('radio', { name: 'Chinese' }).check();
  await expect(field(page, 'steps.2.zh.title')).toHaveValue('面罩密闭（EC 手法）');
  await expectAccessible(page, 'rubric editor, Chinese text (dark)');
  await editor.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('preview-step-3')).toContainText('面罩密闭（EC 手法）');
  await expectAccessible(page, 'rubric preview, Chinese text (dark)');
});
