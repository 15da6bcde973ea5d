import Database from 'better-sqlite3';
import {
  examinerRow as row,
  MODEL,
  progress,
  RATIONALE,
  rubric,
  seedReview,
  shot,
  startMarking,
} from './review-helpers';
import { test, expect } from './fixtures';

const cpr = rubric('cpr');

test.describe('blind first', () => {
  test.use({ prepareData: { run: (dir) => seedReview(dir, 'blind') } });

  test('suggestions are not in the page until every step is scored and revealed; blind and final scores are both kept', async ({
    app,
  }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Ann Adams');
    await page.getByTestId('recording-queue').getByText('C-001', { exact: true }).click();
    await expect(page.getByTestId('suggestions-hidden')).toBeVisible();
    await page.screenshot({ path: shot('review-before-reveal.png') });

    const assertNoSuggestionInPage = async () => {
      const html = await page.content();
      expect(html).not.toContain(MODEL);
      expect(html).not.toContain(RATIONALE);
      expect(html).not.toContain('Take suggestion');
      expect(html).not.toContain('Trust:');
    };
    await assertNoSuggestionInPage();

    // Full marks on every step but the last, one key each (a score moves on); the reveal is refused while one is left.
    for (const step of cpr.steps.slice(0, -1)) await page.keyboard.press(String(step.max_points));
    await expect(progress(page)).toContainText('18 / 19 steps');
    await page.keyboard.press('r');
    await expect(page.getByTestId('review-notice')).toContainText('1 step left');
    await assertNoSuggestionInPage();

    await page.keyboard.press(String(cpr.steps.at(-1)!.max_points));
    await expect(progress(page)).toContainText('19 / 19 steps');
    await page.keyboard.press('r');
    const panel = page.getByTestId('suggestions-panel');
    await expect(panel).toContainText(`${RATIONALE} "${cpr.steps.at(-1)!.title}" only partly.`);
    await expect(panel).toContainText('Model suggestion');
    await expect(panel).toContainText(MODEL);
    await expect(panel.getByTestId('trust')).toContainText('not enough data');

    // Revise step 1 by hand after the reveal, and take the model's suggestion on step 2.
    for (let i = 0; i < cpr.steps.length - 1; i++) await page.keyboard.press('k');
    await page.keyboard.press('0');
    await page.keyboard.press('j');
    await page.keyboard.press('t');
    await expect(page.getByTestId(`step-state-${cpr.steps[1]!.id}`)).toHaveText(`0 / ${cpr.steps[1]!.max_points}`);
    await expect(page.getByTestId(`step-state-${cpr.steps[0]!.id}`)).toHaveText('0 / 1');
    await page.screenshot({ path: shot('review-after-reveal.png') });

    expect(row(app.dbPath, cpr.steps[0]!.id)).toMatchObject({
      score: 0,
      blind_score: 1,
      suggestion_visible: 1,
      from_suggestion: 0,
    });
    expect(row(app.dbPath, cpr.steps[1]!.id)).toMatchObject({
      score: 0,
      blind_score: 2,
      suggestion_visible: 1,
      from_suggestion: 1,
    });
    expect(row(app.dbPath, cpr.steps[2]!.id)).toMatchObject({ score: 2, blind_score: 2, suggestion_visible: 0 });
    const db = new Database(app.dbPath, { readonly: true });
    const audit = db
      .prepare(`SELECT action, suggestion_visible FROM audit_events WHERE entity_id LIKE ? ORDER BY seq`)
      .all(`%/${cpr.steps[0]!.id}`);
    db.close();
    expect(audit).toEqual([
      { action: 'step_mark', suggestion_visible: 0 },
      { action: 'step_mark', suggestion_visible: 1 },
    ]);
  });
});

test.describe('keyboard and reload', () => {
  test.use({ prepareData: { run: (dir) => seedReview(dir, 'keyboard') } });

  test('a whole CPR checklist is marked, commented, spanned and submitted without the mouse', async ({ app }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Keys');
    const first = page.getByTestId('recording-queue').getByRole('option', { selected: true });
    await expect(first).toContainText('K-7');
    // The keyboard's way in: the selected row takes the focus (as Tab would bring it there), Enter opens it.
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('review-screen')).toBeVisible();
    // Spans are read off the player's clock, which needs the video's metadata.
    await expect
      .poll(() => page.getByTestId('review-video').evaluate((v: HTMLVideoElement) => v.readyState))
      .toBeGreaterThanOrEqual(1);

    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-help')).toContainText('Not assessable from this video');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

    // A score moves on to the next step, so the comment and the span of a step come before its score.
    for (const [i, step] of cpr.steps.entries()) {
      if (i === 0) {
        await page.keyboard.press('c');
        await page.keyboard.type('Checked the scene late');
        await page.keyboard.press('Enter');
      }
      if (i === 5) {
        await page.keyboard.press('[');
        await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.press(']');
        await expect(page.getByTestId(`span-${step.id}`)).toBeVisible();
      }
      if (i === 3) {
        await page.keyboard.press('n');
        await page.keyboard.type('Out of frame');
        await page.keyboard.press('Enter');
      } else {
        // Alternate full marks and the lowest non-zero allowed score, so not every step is the same.
        await page.keyboard.press(
          String(i % 2 ? step.max_points : (step.allowed_scores.find((s) => Number.isInteger(s) && s > 0) ?? 0)),
        );
      }
    }
    await expect(progress(page)).toContainText('19 / 19 steps');
    await page.keyboard.press('s');
    await expect(page.getByRole('dialog', { name: 'Submit this marking?' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('marking-status')).toHaveText('Submitted (locked)');

    // A change to a submitted marking asks for a reason, by keyboard too.
    await page.keyboard.press('0');
    await expect(page.getByRole('dialog')).toContainText('Why are you changing it?');
    await page.keyboard.type('Re-watched the last cycle');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`step-state-${cpr.steps.at(-1)!.id}`)).toHaveText(
      `0 / ${cpr.steps.at(-1)!.max_points}`,
    );

    const db = new Database(app.dbPath, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM step_scores WHERE source = 'examiner'`).pluck().get()).toBe(19);
    expect(db.prepare(`SELECT status FROM markings`).pluck().get()).toBe('submitted');
    expect(db.prepare(`SELECT start_s, end_s FROM step_spans`).get()).toEqual({ start_s: 0, end_s: 5 });
    expect(
      db
        .prepare(
          `SELECT json_extract(after, '$.change_reason') FROM audit_events WHERE action = 'step_mark_after_submit'`,
        )
        .pluck()
        .get(),
    ).toBe('Re-watched the last cycle');
    db.close();
    expect(row(app.dbPath, cpr.steps[3]!.id)).toMatchObject({
      not_assessable: 1,
      not_assessable_reason: 'Out of frame',
      score: null,
    });
    expect(row(app.dbPath, cpr.steps[0]!.id)).toMatchObject({ score: 1, comment: 'Checked the scene late' });
  });

  test('marks survive a reload in the middle of marking', async ({ app }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Reload');
    await page.getByTestId('recording-queue').getByText('K-7', { exact: true }).click();
    // Keys typed before the recording has opened have nothing to mark yet: wait for the checklist.
    await expect(progress(page)).toContainText('0 / 19 steps');
    for (const step of cpr.steps.slice(0, 5)) await page.keyboard.press(String(step.max_points));
    await expect(progress(page)).toContainText('5 / 19 steps');

    await page.reload();
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect(progress(page)).toContainText('5 / 19 steps');
    await expect(page.getByTestId(`step-state-${cpr.steps[4]!.id}`)).toHaveText(
      `${cpr.steps[4]!.max_points} / ${cpr.steps[4]!.max_points}`,
    );
    // Marking resumes at the first unmarked step.
    await page.keyboard.press('1');
    await expect(page.getByTestId(`step-state-${cpr.steps[5]!.id}`)).toHaveText(`1 / ${cpr.steps[5]!.max_points}`);
    await expect(progress(page)).toContainText('6 / 19 steps');
  });
});

test.describe('evidence', () => {
  test.use({ prepareData: { run: (dir) => seedReview(dir, 'evidence') } });

  test('clicking an evidence time seeks the video there', async ({ app }) => {
    const page = await app.open();
    await startMarking(page, 'Dr Evidence');
    await page.getByTestId('recording-queue').getByText('E-1', { exact: true }).click();
    const video = page.getByTestId('review-video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    // Blind first is off for this session: the suggestions are there from the start.
    await page.getByRole('button', { name: 'Seek to evidence at 0:03.50' }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(3.5, 1);
    await expect(page.getByTestId('player-time')).toContainText('0:03.50');
    await page.getByRole('button', { name: 'Seek to evidence at 0:01.20' }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(1.2, 1);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(6, 0);
  });
});
