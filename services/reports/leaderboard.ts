/**
 * The model leaderboard: every model configuration run on (or imported for) this lab's recordings,
 * ranked against the final scores, with examiner-examiner agreement as the ceiling and the
 * published SiMing-Bench figures as context. Also the per-step trust figures review shows next to
 * a model suggestion.
 */
import type { Db } from '../../db/connection';
import { computeAgreement } from '../../domain/agreement/compute';
import type { Metric } from '../../domain/agreement/metrics';
import type { Leaderboard, LeaderboardEntry, PaperFigures, StepTrust, StepTrustRow } from '../../contract/reports';
import { NotFoundError } from '../core/errors';
import { loadLabDataset, type LabDataset, type ReportFilter } from './dataset';
import { markerCeiling, stationAware, type AgreementSettings } from './examiners';
import { buildPairRows, type RaterSpec } from './label-rows';

/** SiMing-Bench (Tables 3-5): what physicians and the best of 12 models achieved on 200 videos. */
const PAPER_FIGURES: PaperFigures = {
  source: 'SiMing-Bench (Huang et al.): physician agreement before adjudication and best model results',
  physicians: { plcc: 0.871, kappa: 0.732 },
  bestModel: { plcc: 0.158, stepKappaAtMost: 0.05, binaryMcc: 0.132 },
};

/** Below this many compared steps a per-step figure is shown as "not enough data". */
export const MIN_TRUST_COUNT = 20;

function primaryOf(task: 'score' | 'binary', result: LeaderboardEntry['result']): LeaderboardEntry['primary'] {
  // Binary answers carry no partial credit, so their 4-category kappa would measure the encoding.
  return task === 'binary' ? { name: 'mcc', metric: result.binary.mcc } : { name: 'qwk', metric: result.step.qwk };
}

export function leaderboard(ds: LabDataset, settings: AgreementSettings, problems: string[]): Leaderboard {
  const entries: LeaderboardEntry[] = [];
  for (const config of ds.modelConfigs) {
    const pair = buildPairRows(ds, { kind: 'final' }, { kind: 'model', configKey: config.key });
    problems.push(...pair.problems);
    if (pair.rows.length === 0) continue;
    const result = stationAware(
      computeAgreement(pair.rows, {
        a: pair.a,
        b: pair.b,
        bootstrap: settings.bootstrap,
        seed: settings.seed,
        categoryOf: pair.categoryOf,
      }),
    );
    if (result.nSteps === 0) continue;
    entries.push({ rank: null, config, primary: primaryOf(config.task, result), result });
  }
  for (const task of ['score', 'binary'] as const) {
    const ranked = entries
      .filter((e) => e.config.task === task && e.primary.metric.value !== null)
      .sort(
        (x, y) => y.primary.metric.value! - x.primary.metric.value! || x.config.label.localeCompare(y.config.label),
      );
    ranked.forEach((e, i) => (e.rank = i + 1));
  }
  const order = (e: LeaderboardEntry) => (e.config.task === 'score' ? 0 : 1);
  entries.sort(
    (x, y) =>
      order(x) - order(y) ||
      (x.rank ?? Infinity) - (y.rank ?? Infinity) ||
      x.config.label.localeCompare(y.config.label),
  );
  return { entries, ceiling: markerCeiling(ds, settings, problems), paper: PAPER_FIGURES };
}

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
