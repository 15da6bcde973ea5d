/**
 * Per-step trust of each model configuration as the review shows it beside a suggestion, kept
 * between changes: migration 8's triggers mark it stale in the transaction of any change it
 * depends on, and the review recomputes it from the whole lab once before using it again.
 */
import type { Db } from '../connection';

export interface StepTrustRow {
  config_key: string;
  step_id: string;
  /** Steps compared with the final scores. */
  n: number;
  /** κ (quadratic) for step scores, MCC for correct/error answers. */
  metric: 'qwk' | 'mcc';
  value: number | null;
  /** Why value is null, when it is. */
  reason: string | null;
}

export const stepTrustIsFresh = (db: Db): boolean =>
  db.prepare('SELECT fresh FROM model_step_trust_state WHERE id = 1').pluck().get() === 1;

/** Replaces every stored figure and marks them fresh (call in one transaction with reading what they come from). */
export function replaceStepTrust(db: Db, rows: readonly StepTrustRow[]): void {
  db.prepare('DELETE FROM model_step_trust').run();
  const put = db.prepare(
    'INSERT INTO model_step_trust (config_key, step_id, n, metric, value, reason) VALUES (@config_key, @step_id, @n, @metric, @value, @reason)',
  );
  for (const r of rows) put.run(r);
  db.prepare('UPDATE model_step_trust_state SET fresh = 1 WHERE id = 1').run();
}

export const stepTrustRows = (db: Db, configKeys: readonly string[]): StepTrustRow[] =>
  db
    .prepare('SELECT * FROM model_step_trust WHERE config_key IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(configKeys)) as StepTrustRow[];
