// Helpers of the review specs. Nothing here imports the services (see seed-review.ts for why).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Rubric } from '../../domain/rubric/types';
import type { ReviewScenario } from '../support/review-constants';
import { expect } from './fixtures';

export { MODEL, RATIONALE } from '../support/review-constants';

/** Per worker: the last scenario's ids (tests in one worker run one at a time). */
export const seeded: { ids: Record<string, number> } = { ids: {} };

export function seedReview(dataDir: string, scenario: ReviewScenario): void {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'seed-review.ts'), dataDir, scenario],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`seeding review scenario '${scenario}' failed: ${r.stderr}`);
  seeded.ids = JSON.parse(r.stdout) as Record<string, number>;
}

export const rubric = (id: 'cpr' | 'aed' | 'bmv'): Rubric =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'rubrics', `${id}.json`), 'utf8'),
  ) as Rubric;

export async function startMarking(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  const switcher = page.getByRole('button', { name: 'Switch examiner' });
  if (await switcher.isVisible()) await switcher.click();
  await page.getByLabel('Examiner name').fill(name);
  await page.getByLabel('Examiner name').press('Enter');
  await expect(page.getByTestId('current-examiner')).toContainText(name);
}

export const progress = (page: Page) => page.getByTestId('marking-progress');

/** Where screenshots go: test-results/ unless REVIEW_SHOTS_DIR says otherwise (others' runs empty test-results/). */
export const shot = (name: string): string => join(process.env.REVIEW_SHOTS_DIR ?? 'test-results', name);

/** One examiner score row of a step, read straight from the database. */
export function examinerRow(dbPath: string, stepId: string, raterName?: string): Record<string, unknown> | undefined {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT s.score, s.blind_score, s.suggestion_visible, s.from_suggestion, s.not_assessable, s.not_assessable_reason, s.comment
         FROM step_scores s JOIN raters r ON r.id = s.rater_id
         WHERE s.source = 'examiner' AND s.step_id = ? AND (? IS NULL OR r.name = ?)`,
      )
      .get(stepId, raterName ?? null, raterName ?? null) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}
