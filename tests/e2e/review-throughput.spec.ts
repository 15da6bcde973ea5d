// Issue 14, the examiner's day at the marking screen: one key per step, submit and go on to the
// next recording of the queue, named totals, "final" only once a final score exists, nothing of
// other examiners before one's own submission, deductions beside the criteria, Enter and Space
// on the focused control, queue rows by Tab, no serious axe-core finding, and the screen in Chinese.
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { progress, rubric, seedReview, shot, startMarking } from './review-helpers';
import { test, expect } from './fixtures';
import { localizedRubric } from '../../domain/rubric/texts';

const cpr = rubric('cpr');
const cprTotal = cpr.steps.reduce((sum, s) => sum + s.max_points, 0);

/** Full marks on every step, one key each; returns how many keys were pressed. */
async function fullMarks(page: Page): Promise<number> {
  let keys = 0;
  for (const step of cpr.steps) {
    await page.keyboard.press(String(step.max_points));
    keys++;
  }
  return keys;
}

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

test.describe('throughput', () => {
  test.use({ prepareData: { run: (dir) => seedReview(dir, 'throughput') } });

  test('a score moves on to the next unscored step, so 19 keys mark 19 steps; the choice is remembered', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Quick');
    await page.getByTestId('recording-queue').getByText('T-1', { exact: true }).click();
    await expect(progress(page)).toHaveText(`Your marks: 0 / 19 steps · 0 / ${cprTotal} points`);
    await expect(page.getByTestId('auto-advance')).toBeChecked();

    expect(await fullMarks(page)).toBe(19);
    await expect(progress(page)).toHaveText(`Your marks: 19 / 19 steps · ${cprTotal} / ${cprTotal} points`);
    const db = new Database(app.dbPath, { readonly: true });
    const scores = db.prepare(`SELECT step_id, score FROM step_scores WHERE source = 'examiner'`).all() as {
      step_id: string;
      score: number;
    }[];
    db.close();
    expect(new Map(scores.map((s) => [s.step_id, s.score]))).toEqual(
      new Map(cpr.steps.map((s) => [s.id, s.max_points])),
    );

    // Switched off, a score stays on its step; the choice survives a reload.
    await page.getByTestId('auto-advance').uncheck();
    await page.keyboard.press('k');
    const step = cpr.steps.at(-2)!;
    await expect(page.getByTestId(`step-${step.id}`)).toHaveAttribute('aria-current', 'step');
    await page.keyboard.press('0');
    await expect(page.getByTestId(`step-state-${step.id}`)).toHaveText(`0 / ${step.max_points}`);
    await expect(page.getByTestId(`step-${step.id}`)).toHaveAttribute('aria-current', 'step');
    await page.reload();
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect(page.getByTestId('auto-advance')).not.toBeChecked();
  });

  test('"Submit and open the next" opens the next recording of the filtered queue, then says when none is left', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Next');
    await page.getByRole('textbox', { name: 'Candidate', exact: true }).fill('T');
    await expect(page.getByTestId('queue-count')).toHaveText('2 recordings');
    await page.getByTestId('recording-queue').getByText('T-1', { exact: true }).click();
    await expect(progress(page)).toContainText('0 / 19 steps');
    await fullMarks(page);
    await expect(progress(page)).toContainText('19 / 19 steps');
    await page.keyboard.press('s');
    await page.getByTestId('submit-and-next').click();
    // U-1 comes next in the whole list, but the queue is filtered to candidates starting with T.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('T-2 · CPR');
    await expect(page.getByTestId('review-notice')).toContainText('this is the next recording in the list');
    await expect(progress(page)).toContainText('0 / 19 steps');

    await fullMarks(page);
    await expect(progress(page)).toContainText('19 / 19 steps');
    await page.keyboard.press('s');
    await page.getByTestId('submit-and-next').click();
    await expect(page.getByTestId('queue-notice')).toContainText('No other recording in this list waits');
    await expect(page.getByTestId('recording-queue')).toContainText('You: submitted');
    const db = new Database(app.dbPath, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM markings WHERE status = 'submitted'`).pluck().get()).toBe(2);
    db.close();
  });

  test('the step panel shows the criteria and the typical deductions of the current step', async ({ app }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Deductions');
    await page.getByTestId('recording-queue').getByText('T-1', { exact: true }).click();
    const first = cpr.steps[0]!;
    const guidance = page.getByTestId(`step-${first.id}`).getByTestId('step-guidance');
    await expect(guidance).toContainText(first.criteria);
    for (const d of first.typical_deductions)
      await expect(guidance.getByTestId('step-deductions')).toContainText(d.reason);
    await page.keyboard.press('j');
    const second = cpr.steps[1]!;
    const deductions = page.getByTestId(`step-${second.id}`).getByTestId('step-deductions');
    for (const d of second.typical_deductions) await expect(deductions).toContainText(`−${d.points} ${d.reason}`);
    await expect(page.getByTestId('step-deductions')).toHaveCount(1);
  });

  test('Enter and Space act on the focused control; queue rows are reached by Tab and open by keyboard', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Tab');
    const queue = page.getByTestId('recording-queue');
    await expect(queue.getByRole('option')).toHaveCount(3);

    // Tab from the last control before the list lands on its first row; arrows move; Enter opens.
    await page.getByRole('button', { name: 'Import step spans (CSV)…' }).focus();
    await page.keyboard.press('Tab');
    await expect(queue.getByRole('option').first()).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(queue.getByRole('option').nth(1)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(queue.getByRole('option').nth(2)).toBeFocused();
    await expect(queue.getByRole('option', { selected: true })).toContainText('T-2');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('T-2 · CPR');

    // Space on a focused button presses it (it used to play the video instead).
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press(' ');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '← List' }).focus();
    await page.keyboard.press('Enter');
    await expect(queue).toBeVisible();

    // Enter on the focused "Switch examiner" button switches the examiner; it does not open a recording.
    await page.getByRole('button', { name: 'Switch examiner' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('examiner-picker')).toBeVisible();
    await expect(page.getByTestId('review-screen')).toHaveCount(0);

    // A row opens with Space too.
    await page.getByTestId('examiner-picker').getByRole('button', { name: 'Dr Tab' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-examiner')).toContainText('Dr Tab');
    await queue.getByRole('option').first().focus();
    await page.keyboard.press(' ');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('T-1 · CPR');
  });

  test('a row opened by key while its page is still loading (just after switching examiner) opens once it arrives', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Early');
    const queue = page.getByTestId('recording-queue');
    await expect(queue.getByRole('option')).toHaveCount(3);
    await expect(queue.getByRole('option').first()).toContainText('T-1');

    // The list is read again for the new examiner; its answer is held back until the key is pressed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/listReviewRecordings', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Switch examiner' }).click();
    await page.getByLabel('Examiner name').fill('Dr Late');
    await page.getByLabel('Examiner name').press('Enter');
    await expect(page.getByTestId('current-examiner')).toContainText('Dr Late');
    await expect(queue.getByRole('option').first()).not.toContainText('T-1');
    await queue.getByRole('option').first().focus();
    await page.keyboard.press(' ');
    release();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('T-1 · CPR');
  });

  test('the queue, the marking screen and its dialogs have no serious axe-core violation, light or dark', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Axe');
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      await expectAccessible(page, `review queue (${theme})`);
      await page.getByTestId('recording-queue').getByText('T-1', { exact: true }).click();
      await expect(progress(page)).toBeVisible();
      await expectAccessible(page, `marking screen (${theme})`);
      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcut-help')).toBeVisible();
      await expectAccessible(page, `shortcuts help (${theme})`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('n');
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page, `not-assessable dialog (${theme})`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('b');
    }
  });
});

test.describe('double marking', () => {
  test.use({ prepareData: { run: (dir) => seedReview(dir, 'double') } });

  test('"final" appears only once two examiners have submitted, and never to one who has not submitted', async ({
    app,
  }) => {
    const page = await app.open();
    const queue = page.getByTestId('recording-queue');
    // Ann submitted alone: her marks are hers, not final ones.
    await startMarking(page, 'Dr Ann Adams');
    await queue.getByText('D-1', { exact: true }).click();
    await expect(page.getByTestId('marking-status')).toHaveText('Submitted (locked)');
    await expect(progress(page)).toHaveText('Your marks: 5 / 5 steps · 14 / 14 points');
    await expect(page.locator('.final-chip')).toHaveCount(0);
    await expect(page.getByTestId('checklist-final-total')).toHaveCount(0);

    // Ben marks without seeing anything of Ann's, then sees the finals and both totals once he has submitted.
    await page.keyboard.press('b');
    await startMarking(page, 'Dr Ben Brown');
    await queue.getByText('D-1', { exact: true }).click();
    await expect(progress(page)).toContainText('0 / 5 steps');
    await expect(page.locator('.final-chip')).toHaveCount(0);
    for (const score of ['2', '2', '2', '1', '2']) await page.keyboard.press(score);
    await expect(progress(page)).toHaveText('Your marks: 5 / 5 steps · 9 / 14 points');
    await expect(page.locator('.final-chip')).toHaveCount(0);
    await page.keyboard.press('s');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('marking-status')).toHaveText('Submitted (locked)');
    await expect(page.getByTestId('step-bmv.ventilation').locator('.final-chip')).toHaveText('awaiting adjudication');
    await expect(page.getByTestId('step-bmv.airway_opening').locator('.final-chip')).toHaveText('final: 2');
    await expect(progress(page)).toHaveText('Your marks: 5 / 5 steps · 9 / 14 points');
    await expect(page.getByTestId('checklist-final-total')).toHaveText('Final: awaiting adjudication');

    // Cleo opens the finished recording: nothing of Ann's or Ben's until she chooses to adjudicate.
    await page.keyboard.press('b');
    await startMarking(page, 'Dr Cleo Cole');
    await queue.getByText('D-1', { exact: true }).click();
    await expect(progress(page)).toContainText('0 / 5 steps');
    await expect(page.getByTestId('double-marking')).toContainText('Dr Ann Adams: submitted');
    await expect(page.locator('.final-chip')).toHaveCount(0);
    await expect(page.getByTestId('discrepancies')).toHaveCount(0);
    const html = await page.content();
    expect(html).not.toContain('Dr Ann Adams: 4');
    expect(html).not.toContain('Dr Ben Brown: 2');
    await page.getByTestId('adjudicate-instead').click();
    await expect(page.getByTestId('discrepancies')).toContainText('2 steps where the examiners differ');
    await expect(page.getByTestId('step-bmv.ventilation').locator('.final-chip')).toHaveText('awaiting adjudication');
    await page.screenshot({ path: shot('review-third-examiner-adjudicates.png') });
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', prepareData: { run: (dir) => seedReview(dir, 'throughput') } });

  test('the review queue and the marking screen are in Chinese', async ({ app }) => {
    const page = await app.open();
    await page.getByRole('button', { name: '评分', exact: true }).click();
    await expect(page.getByRole('heading', { name: '由哪位考官评分？' })).toBeVisible();
    await page.getByLabel('考官姓名').fill('王医生');
    await page.getByLabel('考官姓名').press('Enter');
    await expect(page.getByTestId('current-examiner')).toContainText('王医生');
    await expect(page.getByTestId('queue-count')).toHaveText('共 3 条录像');
    await expectAccessible(page, 'review queue in Chinese');
    await page.getByTestId('recording-queue').getByText('T-1', { exact: true }).click();
    await expect(progress(page)).toHaveText(`我的评分：0 / 19 步 · 0 / ${cprTotal} 分`);
    await expect(page.getByTestId('marking-status')).toHaveText('尚未开始');
    await expect(page.getByTestId('step-deductions').getByRole('heading')).toHaveText('常见扣分');
    // The rubric's words are shown from its Chinese text: step titles, criteria and deductions.
    const zh = localizedRubric(cpr, 'zh-CN');
    await expect(page.getByTestId(`step-${zh.steps[0]!.id}`)).toContainText(zh.steps[0]!.title);
    await expect(page.getByTestId('step-guidance')).toContainText(zh.steps[0]!.criteria);
    await expect(page.getByTestId(`step-${cpr.steps[0]!.id}`)).not.toContainText(cpr.steps[0]!.title);
    await expect(page.getByRole('button', { name: '提交' })).toBeDisabled();
    await expectAccessible(page, 'marking screen in Chinese');
    await page.screenshot({ path: shot('review-zh-CN.png') });
  });
});
