/**
 * Plain JSON form of an agreement result (the `osce agreement` output): numbers or null, snake
 * case keys, and a `<figure>_reason` string next to any figure that is undefined (null) or was
 * substituted by the scikit-learn convention (MCC 0, precision/recall/F1 0).
 */
import type { ConfidenceInterval } from './bootstrap';
import type { AgreementResult, BinaryAgreement, StationBreakdown, StepAgreement, StepBreakdown } from './compute';
import type { Metric } from './metrics';

type Reasons = { [reason: `${string}_reason`]: string };

export type OverallJson = { plcc: number | null; srcc: number | null } & Reasons;

export type StepAgreementJson = {
  qwk: number | null;
  confusion: number[][];
  exact: number | null;
  adjacent: number | null;
  ac1: number | null;
  pabak: number | null;
} & Reasons;

export type BinaryAgreementJson = {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  mcc: number;
} & Reasons;

export interface IntervalJson {
  low: number | null;
  high: number | null;
  valid_resamples: number;
  reason?: string;
}

export interface AgreementJson {
  raters: { a: string; b: string };
  n_recordings: number;
  n_steps: number;
  overall: OverallJson;
  step: StepAgreementJson;
  binary: BinaryAgreementJson;
  incomplete_recordings: string[];
  intervals?: {
    level: number;
    resamples: number;
    seed: number;
    plcc: IntervalJson;
    srcc: IntervalJson;
    qwk: IntervalJson;
    mcc: IntervalJson;
  };
  per_step: { step_id: string; n_steps: number; step: StepAgreementJson; binary: BinaryAgreementJson }[];
  per_station?: {
    station: string;
    n_recordings: number;
    n_steps: number;
    overall: OverallJson;
    step: StepAgreementJson;
    binary: BinaryAgreementJson;
    incomplete_recordings: string[];
  }[];
}

/** Copies each metric's value under its key and its reason, if any, under `<key>_reason`. */
function flatten<K extends string>(metrics: Record<K, Metric>): Record<K, number | null> & Reasons {
  const out: Record<string, number | string | null> = {};
  for (const key of Object.keys(metrics) as K[]) {
    const m = metrics[key];
    out[key] = m.value;
    if (m.reason !== undefined) out[`${key}_reason`] = m.reason;
  }
  return out as Record<K, number | null> & Reasons;
}

/** Metrics that scikit-learn always reports as a number; their value is never null. */
function flattenNumbers<K extends string>(metrics: Record<K, Metric>): Record<K, number> & Reasons {
  const out = flatten(metrics) as Record<string, number | string | null>;
  for (const key of Object.keys(metrics)) out[key] ??= 0;
  return out as Record<K, number> & Reasons;
}

function stepJson(s: StepAgreement): StepAgreementJson {
  const { qwk, exact, adjacent, ac1, pabak } = s;
  const { qwk: qwkValue, ...rest } = flatten({ qwk, exact, adjacent, ac1, pabak });
  return { qwk: qwkValue, confusion: s.confusion.map((row) => [...row]), ...rest } as StepAgreementJson;
}

function binaryJson(b: BinaryAgreement): BinaryAgreementJson {
  const { tp, fp, fn, tn, precision, recall, f1, mcc } = b;
  return { tp, fp, fn, tn, ...flattenNumbers({ precision, recall, f1, mcc }) };
}

function overallJson(o: { plcc: Metric; srcc: Metric }): OverallJson {
  return flatten({ plcc: o.plcc, srcc: o.srcc });
}

function intervalJson(i: ConfidenceInterval): IntervalJson {
  const out: IntervalJson = { low: i.low, high: i.high, valid_resamples: i.validResamples };
  if (i.reason !== undefined) out.reason = i.reason;
  return out;
}

function perStepJson(s: StepBreakdown): AgreementJson['per_step'][number] {
  return { step_id: s.stepId, n_steps: s.nSteps, step: stepJson(s.step), binary: binaryJson(s.binary) };
}

function perStationJson(s: StationBreakdown): NonNullable<AgreementJson['per_station']>[number] {
  return {
    station: s.station,
    n_recordings: s.nRecordings,
    n_steps: s.nSteps,
    overall: overallJson(s.overall),
    step: stepJson(s.step),
    binary: binaryJson(s.binary),
    incomplete_recordings: [...s.incompleteRecordings],
  };
}

export function toAgreementJson(result: AgreementResult): AgreementJson {
  const json: AgreementJson = {
    raters: { ...result.raters },
    n_recordings: result.nRecordings,
    n_steps: result.nSteps,
    overall: overallJson(result.overall),
    step: stepJson(result.step),
    binary: binaryJson(result.binary),
    incomplete_recordings: [...result.incompleteRecordings],
    per_step: result.perStep.map(perStepJson),
  };
  if (result.intervals) {
    const i = result.intervals;
    json.intervals = {
      level: i.level,
      resamples: i.resamples,
      seed: i.seed,
      plcc: intervalJson(i.plcc),
      srcc: intervalJson(i.srcc),
      qwk: intervalJson(i.qwk),
      mcc: intervalJson(i.mcc),
    };
  }
  if (result.perStation) json.per_station = result.perStation.map(perStationJson);
  return json;
}
