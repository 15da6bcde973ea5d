/**
 * Examiner figures: agreement between each pair, stringency against the final scores (hawk/dove),
 * drift over an exam day, and Bland-Altman data of recording totals. Agreement statistics come
 * from domain/agreement; the small descriptive figures here (means, a slope) describe deviations,
 * they are not agreement metrics.
 */
import { computeAgreement, type AgreementResult } from '../../domain/agreement/compute';
import type { Metric } from '../../domain/agreement/metrics';
import type { BlandAltmanData, DriftSeries, PairAgreement, RaterRef, StringencyEntry } from '../../contract/reports';
import type { LabDataset } from './dataset';
import { buildPairRows, completeTotals, raterRef, submittedExaminers, type RaterSpec } from './label-rows';

export interface AgreementSettings {
  bootstrap: number;
  seed: number;
}

const Z95 = 1.959963984540054;

function mean(values: readonly number[], what: string): Metric {
  if (values.length === 0) return { value: null, reason: `no ${what}` };
  return { value: values.reduce((s, v) => s + v, 0) / values.length };
}

function sampleSd(values: readonly number[], what: string): Metric {
  if (values.length < 2) return { value: null, reason: `fewer than 2 ${what}` };
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return { value: Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) };
}

/**
 * Recording totals of different station rubrics (CPR out of 50, BMV out of 14) are not
 * comparable: a correlation pooled over them mostly measures which station a recording came from
 * (a near-chance model scores PLCC 0.9 that way). With more than one station the overall PLCC and
 * SRCC are therefore undefined, with that reason, and the per-station figures carry them.
 */
export function stationAware(result: AgreementResult): AgreementResult {
  const stations = result.perStation ?? [];
  if (stations.length <= 1) return result;
  const reason = `recording totals of different stations (${stations.map((s) => s.station).join(', ')}) are not comparable; see the per-station figures`;
  const out: AgreementResult = { ...result, overall: { plcc: { value: null, reason }, srcc: { value: null, reason } } };
  if (result.intervals) {
    const none = { low: null, high: null, validResamples: 0, reason };
    out.intervals = { ...result.intervals, plcc: none, srcc: none };
  }
  return out;
}

/** Examiners with at least one submitted marking in scope, by name. */
export function examinersInScope(ds: LabDataset): RaterRef[] {
  const ids = [...new Set(ds.markings.map((m) => m.raterId))];
  return ids
    .map((raterId) => raterRef(ds, { kind: 'examiner', raterId }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.key.localeCompare(y.key));
}

/** Agreement of rater b with reference rater a on this dataset; null when they share no step. */
function agreementBetween(
  ds: LabDataset,
  a: RaterSpec,
  b: RaterSpec,
  settings: AgreementSettings,
  problems: string[],
): PairAgreement | null {
  const pair = buildPairRows(ds, a, b);
  problems.push(...pair.problems);
  if (pair.rows.length === 0) return null;
  const result = computeAgreement(pair.rows, {
    a: pair.a,
    b: pair.b,
    bootstrap: settings.bootstrap,
    seed: settings.seed,
    categoryOf: pair.categoryOf,
  });
  if (result.nSteps === 0) return null;
  return { a: raterRef(ds, a), b: raterRef(ds, b), result: stationAware(result) };
}

/** Every pair of examiners who marked at least one step of the same recording. */
export function examinerPairs(ds: LabDataset, settings: AgreementSettings, problems: string[]): PairAgreement[] {
  const examiners = examinersInScope(ds);
  const out: PairAgreement[] = [];
  for (let i = 0; i < examiners.length; i++) {
    for (let j = i + 1; j < examiners.length; j++) {
      const a = examiners[i]!.raterId!;
      const b = examiners[j]!.raterId!;
      const pair = agreementBetween(
        ds,
        { kind: 'examiner', raterId: a },
        { kind: 'examiner', raterId: b },
        settings,
        problems,
      );
      if (pair) out.push(pair);
    }
  }
  return out;
}

/** First vs second examiner to submit on each double-marked recording: the agreement ceiling. */
export function markerCeiling(ds: LabDataset, settings: AgreementSettings, problems: string[]): PairAgreement | null {
  return agreementBetween(ds, { kind: 'marker', ordinal: 1 }, { kind: 'marker', ordinal: 2 }, settings, problems);
}

interface Deviation {
  recordingId: number;
  sessionName: string;
  station: string;
  at: string | null;
  steps: number[];
  /** Set when every step of the recording has a final score and the examiner scored them all. */
  total: number | null;
}

/**
 * The examiner's deviations from the final scores on double-marked recordings only: on a
 * single-marked recording the final score is the examiner's own, so it would pull every examiner
 * towards zero.
 */
function deviations(ds: LabDataset, raterId: number): Deviation[] {
  const order = submittedExaminers(ds);
  const own = new Map<string, number | null>();
  for (const s of ds.scores) {
    if (s.raterId !== raterId || s.configKey !== null) continue;
    own.set(`${s.recordingId}\u0000${s.stepId}`, s.notAssessable ? null : s.score);
  }
  const out: Deviation[] = [];
  for (const m of ds.markings) {
    if (m.raterId !== raterId || (order.get(m.recordingId)?.length ?? 0) < 2) continue;
    const finals = ds.finals.get(m.recordingId);
    const recording = ds.recordingById.get(m.recordingId);
    if (!finals || !recording) continue;
    const steps: number[] = [];
    let complete = finals.complete;
    for (const f of finals.steps) {
      if (f.state === 'not_assessable') continue;
      const mine = own.get(`${m.recordingId}\u0000${f.stepId}`);
      if (f.state !== 'final' || mine === undefined || mine === null) {
        complete = false;
        continue;
      }
      steps.push(mine - f.score);
    }
    const total = complete && steps.length > 0 ? steps.reduce((s, v) => s + v, 0) : null;
    out.push({
      recordingId: m.recordingId,
      sessionName: recording.sessionName,
      station: recording.stationCode,
      at: m.at,
      steps,
      total,
    });
  }
  return out;
}

/** Per examiner and station: a CPR total out of 50 and a BMV total out of 14 are never averaged together. */
export function stringency(ds: LabDataset): StringencyEntry[] {
  return examinersInScope(ds).flatMap((examiner) => {
    const byStation = new Map<string, Deviation[]>();
    for (const d of deviations(ds, examiner.raterId!)) {
      const list = byStation.get(d.station) ?? [];
      list.push(d);
      byStation.set(d.station, list);
    }
    const stations = [...byStation.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return stations.map((station) => stringencyAt(examiner, station, byStation.get(station)!));
  });
}

function stringencyAt(examiner: RaterRef, station: string, devs: readonly Deviation[]): StringencyEntry {
  const stepDevs = devs.flatMap((d) => d.steps);
  const totals = devs.flatMap((d) => (d.total === null ? [] : [d.total]));
  const meanTotal = mean(totals, 'double-marked recordings with final scores');
  const sd = sampleSd(totals, 'double-marked recordings with final scores');
  let interval: StringencyEntry['interval'] = null;
  let verdict: StringencyEntry['verdict'] = 'not enough data';
  if (meanTotal.value !== null && sd.value !== null) {
    const half = (Z95 * sd.value) / Math.sqrt(totals.length);
    interval = { low: meanTotal.value - half, high: meanTotal.value + half };
    verdict = interval.high < 0 ? 'hawk' : interval.low > 0 ? 'dove' : 'undecided';
  }
  return {
    examiner,
    station,
    nRecordings: totals.length,
    nSteps: stepDevs.length,
    meanStepDeviation: mean(stepDevs, 'double-marked steps with final scores'),
    meanTotalDeviation: meanTotal,
    interval,
    verdict,
  };
}

/** Least-squares slope of y on x; undefined with fewer than 3 points. */
function slope(points: readonly { x: number; y: number }[]): Metric {
  if (points.length < 3) return { value: null, reason: 'fewer than 3 recordings marked in this session' };
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return { value: sxy / sxx };
}

/**
 * Total deviation from the final score in the order the examiner submitted, per session and
 * station: a CPR total out of 50 and a BMV total out of 14 never share a series.
 */
export function drift(ds: LabDataset): DriftSeries[] {
  const out: DriftSeries[] = [];
  for (const examiner of examinersInScope(ds)) {
    const bySeries = new Map<string, { session: string; station: string; devs: Deviation[] }>();
    for (const d of deviations(ds, examiner.raterId!)) {
      const key = `${d.sessionName}\u0000${d.station}`;
      const entry = bySeries.get(key);
      if (entry) entry.devs.push(d);
      else bySeries.set(key, { session: d.sessionName, station: d.station, devs: [d] });
    }
    const series = [...bySeries.values()].sort(
      (x, y) => x.session.localeCompare(y.session) || x.station.localeCompare(y.station, 'en', { numeric: true }),
    );
    for (const { session, station, devs } of series) {
      const ordered = devs
        .filter((d) => d.total !== null)
        .sort((x, y) => (x.at ?? '').localeCompare(y.at ?? '') || x.recordingId - y.recordingId);
      const points = ordered.map((d, i) => ({
        order: i + 1,
        recordingId: d.recordingId,
        at: d.at,
        deviation: d.total!,
      }));
      const half = Math.floor(points.length / 2);
      out.push({
        examiner,
        session,
        station,
        points,
        slope: slope(points.map((p) => ({ x: p.order, y: p.deviation }))),
        firstHalfMean: mean(
          points.slice(0, half).map((p) => p.deviation),
          'recordings in the first half of the day',
        ),
        secondHalfMean: mean(
          points.slice(half).map((p) => p.deviation),
          'recordings in the second half of the day',
        ),
      });
    }
  }
  return out;
}

/** Bland-Altman data of recording totals for rater b against rater a, one entry per station. */
function blandAltman(ds: LabDataset, a: RaterSpec, b: RaterSpec): BlandAltmanData[] {
  const byStation = new Map<string, BlandAltmanData['points']>();
  for (const t of completeTotals(buildPairRows(ds, a, b))) {
    const recordingId = Number(t.recordingId);
    const station = ds.recordingById.get(recordingId)?.stationCode ?? '';
    const point = { recordingId, mean: (t.a + t.b) / 2, diff: t.b - t.a };
    const list = byStation.get(station);
    if (list) list.push(point);
    else byStation.set(station, [point]);
  }
  return [...byStation]
    .sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }))
    .map(([station, points]) => blandAltmanOf(ds, a, b, station, points));
}

function blandAltmanOf(
  ds: LabDataset,
  a: RaterSpec,
  b: RaterSpec,
  station: string,
  points: BlandAltmanData['points'],
): BlandAltmanData {
  const diffs = points.map((p) => p.diff);
  const meanDiff = mean(diffs, 'recordings both scored completely');
  const sdDiff = sampleSd(diffs, 'recordings both scored completely');
  const limit = (sign: 1 | -1): Metric =>
    meanDiff.value !== null && sdDiff.value !== null
      ? { value: meanDiff.value + sign * Z95 * sdDiff.value }
      : { value: null, reason: sdDiff.reason ?? meanDiff.reason ?? 'not defined' };
  return {
    a: raterRef(ds, a),
    b: raterRef(ds, b),
    station,
    points,
    n: points.length,
    meanDiff,
    sdDiff,
    lower: limit(-1),
    upper: limit(1),
  };
}

/** Pooled first-vs-second examiner (with several pairs), then each pair; pairs without shared totals are left out. */
export function blandAltmanSet(ds: LabDataset, pairs: readonly PairAgreement[]): BlandAltmanData[] {
  // With a single pair the pooled first-vs-second data would repeat that pair's.
  const out = pairs.length > 1 ? blandAltman(ds, { kind: 'marker', ordinal: 1 }, { kind: 'marker', ordinal: 2 }) : [];
  for (const p of pairs) {
    if (p.a.raterId === null || p.b.raterId === null) continue;
    out.push(
      ...blandAltman(ds, { kind: 'examiner', raterId: p.a.raterId }, { kind: 'examiner', raterId: p.b.raterId }),
    );
  }
  return out.filter((d) => d.n > 0);
}
