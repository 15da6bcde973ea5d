/**
 * The trust figure beside a suggestion: how far that model configuration agreed with the final
 * examiner scores on that step, measured over the whole lab (services/reports). Computing it reads
 * the lab's whole dataset, so the figures are stored (db/queries/trust.ts) and computed again only
 * after something they depend on changed: opening a recording normally reads a few rows.
 */
import type { Db } from '../../db/connection';
import { replaceStepTrust, stepTrustIsFresh, stepTrustRows, type StepTrustRow } from '../../db/queries/trust';
import type { TrustFigure } from '../../contract/review';
import { loadLabDataset } from '../reports/dataset';
import { MIN_TRUST_COUNT, modelStepTrust } from '../reports/step-trust';

/** Every model configuration's per-step figures, from the lab's dataset as it is now. */
function computeStepTrust(db: Db): StepTrustRow[] {
  const ds = loadLabDataset(db);
  const rows: StepTrustRow[] = [];
  for (const config of ds.modelConfigs) {
    const metric = config.task === 'binary' ? 'mcc' : 'qwk';
    for (const s of modelStepTrust(ds, config.key).steps) {
      rows.push({
        config_key: config.key,
        step_id: s.stepId,
        n: s.n,
        metric,
        value: s[metric].value,
        reason: s[metric].reason ?? null,
      });
    }
  }
  return rows;
}

/** Recomputes and stores the figures when a change made them stale; a no-op (one read) otherwise. */
export function refreshStepTrust(db: Db): void {
  if (stepTrustIsFresh(db)) return;
  // Read and written in one write transaction, so no change can fall between the two.
  db.transaction(() => {
    if (!stepTrustIsFresh(db)) replaceStepTrust(db, computeStepTrust(db));
  }).immediate();
}

/**
 * The figures of these configurations by configuration and step. Normally the stored ones; when a
 * change made them stale since the caller refreshed them, computed now (and not stored: the caller
 * may be inside a read transaction).
 */
export function stepTrustByConfig(db: Db, configKeys: readonly string[]): Map<string, Map<string, StepTrustRow>> {
  const rows = stepTrustIsFresh(db)
    ? stepTrustRows(db, configKeys)
    : computeStepTrust(db).filter((r) => configKeys.includes(r.config_key));
  const out = new Map<string, Map<string, StepTrustRow>>();
  for (const r of rows) {
    let byStep = out.get(r.config_key);
    if (!byStep) out.set(r.config_key, (byStep = new Map()));
    byStep.set(r.step_id, r);
  }
  return out;
}

function fmt(v: number): string {
  return v.toFixed(2).replace(/^-0\.00$/, '0.00');
}

/** The one figure shown beside a suggestion: weighted κ for step scores, MCC for correct/error answers. */
export function trustFigure(row: StepTrustRow | undefined, task: 'score' | 'binary'): TrustFigure {
  if (!row) return { label: `not enough data (n = 0, need ${MIN_TRUST_COUNT})`, value: null, n: 0, enough: false };
  const name = task === 'binary' ? 'MCC' : 'κ';
  if (row.n < MIN_TRUST_COUNT)
    return { label: `not enough data (n = ${row.n}, need ${MIN_TRUST_COUNT})`, value: null, n: row.n, enough: false };
  if (row.value === null)
    return {
      label: `${name} undefined: ${row.reason ?? 'not computed'} (n = ${row.n})`,
      value: null,
      n: row.n,
      enough: true,
    };
  return {
    label: `${name} ${fmt(row.value)} vs final scores (n = ${row.n})`,
    value: row.value,
    n: row.n,
    enough: true,
  };
}
