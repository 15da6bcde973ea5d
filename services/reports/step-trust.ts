/**
 * The per-step trust figures of one model configuration (κ, AC1, exact agreement or MCC per rubric
 * step, with n) that the report lists and the review shows next to a model suggestion.
 */
import type { Db } from '../../db/connection';
import { computeAgreement } from '../../domain/agreement/compute';
import type { Metric } from '../../domain/agreement/metrics';
import type { StepTrust, StepTrustRow } from '../../contract/reports';
import { NotFoundError } from '../core/errors';
import { loadLabDataset, type LabDataset, type ReportFilter } from './dataset';
import { buildPairRows, type RaterSpec } from './label-rows';

/** Below this many compared steps a per-step figure is shown as "not enough data". */
export const MIN_TRUST_COUNT = 20;

export interface TrustOptions {
  minCount?: number;
  /** Compared against the final scores unless an examiner is named. */
  versusExaminer?: number;
}

const tooFew = (n: number, min: number): Metric => ({ value: null, reason: `not enough data (n = ${n}, need ${min})` });
const none: Metric = { value: null, reason: 'not computed' };

/** κ / AC1 / exact agreement per rubric step for one model configuration, with n. */
export function modelStepTrust(ds: LabDataset, configKey: string, opts: TrustOptions = {}): StepTrust {
  const config = ds.modelConfigs.find((c) => c.key === configKey);
  if (!config) throw new NotFoundError(`Model configuration '${configKey}'`);
  const minCount = opts.minCount ?? MIN_TRUST_COUNT;
  const reference: RaterSpec =
    opts.versusExaminer === undefined ? { kind: 'final' } : { kind: 'examiner', raterId: opts.versusExaminer };
  const pair = buildPairRows(ds, reference, { kind: 'model', configKey });
  const perStep = new Map(
    pair.rows.length === 0
      ? []
      : computeAgreement(pair.rows, { a: pair.a, b: pair.b, categoryOf: pair.categoryOf }).perStep.map((s) => [
          s.stepId,
          s,
        ]),
  );

  // Every step of every rubric the configuration scored, in rubric order, even those never compared.
  const scored = new Set(ds.scores.filter((s) => s.configKey === configKey).map((s) => s.recordingId));
  const steps: StepTrustRow[] = [];
  const seen = new Set<string>();
  for (const recording of ds.recordings) {
    if (!scored.has(recording.id)) continue;
    const rubric = ds.rubrics.get(recording.rubricId, recording.rubricVersion);
    for (const step of rubric.steps) {
      if (seen.has(step.id)) continue;
      seen.add(step.id);
      const s = perStep.get(step.id);
      const n = s?.nSteps ?? 0;
      const enough = n >= minCount;
      const row: StepTrustRow = {
        stepId: step.id,
        title: step.title,
        rubricId: rubric.id,
        n,
        enough,
        qwk: none,
        ac1: none,
        exact: none,
        mcc: none,
      };
      if (!s || !enough) {
        const few = tooFew(n, minCount);
        steps.push({ ...row, qwk: few, ac1: few, exact: few, mcc: few });
      } else if (config.task === 'binary') {
        const b = s.binary;
        const noPartial: Metric = {
          value: null,
          reason: 'the model answers correct/error only; see MCC and agreement on correct/error',
        };
        steps.push({
          ...row,
          qwk: noPartial,
          ac1: noPartial,
          exact: { value: (b.tp + b.tn) / (b.tp + b.fp + b.fn + b.tn) },
          mcc: b.mcc,
        });
      } else {
        steps.push({ ...row, qwk: s.step.qwk, ac1: s.step.ac1, exact: s.step.exact, mcc: s.binary.mcc });
      }
    }
  }
  return { config, minCount, steps };
}

/** Entry point for the review screen: trust figures of one configuration over the whole lab. */
export function stepTrustFor(
  db: Db,
  configKey: string,
  opts: TrustOptions & { filter?: ReportFilter } = {},
): StepTrust {
  return modelStepTrust(loadLabDataset(db, opts.filter), configKey, opts);
}
