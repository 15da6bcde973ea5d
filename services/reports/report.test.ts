import { afterEach, describe, expect, it } from 'vitest';
import { scoreCategory } from '../../domain/rubric/ordinal';
import { builtinRubric } from '../../domain/rubric/builtin';
import { loadLabDataset } from './dataset';
import { openLab, type Lab } from '../../tests/support/lab';
import { buildPairRows } from './label-rows';
import { buildAgreementReport } from './report';
import { stepTrustFor } from './step-trust';

/** Every number anywhere in the report is finite: an undefined figure is null with a reason. */
function assertNoNaN(value: unknown, path = '$'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => assertNoNaN(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) assertNoNaN(v, `${path}.${k}`);
}

let lab: Lab;
afterEach(() => lab?.close());

describe('label rows built from the database', () => {
  it("categorise with the rubric's own category map and leave not-assessable steps out for both raters", () => {
    lab = openLab();
    const session = lab.session('S');
    const rec = lab.recording({ session, station: lab.station(session, 'AED', 'aed') });
    const a = lab.examiner('A');
    const b = lab.examiner('B');
    lab.mark(rec, a, lab.scores(rec, { 'aed.clear_for_shock': 1, 'aed.power_on': null }));
    lab.mark(rec, b, lab.scores(rec, { 'aed.clear_for_shock': 2 }));

    const pair = buildPairRows(
      loadLabDataset(lab.ctx.db),
      { kind: 'examiner', raterId: a },
      { kind: 'examiner', raterId: b },
    );
    expect(pair.notAssessable).toBe(1);
    expect(pair.rows.some((r) => r.stepId === 'aed.power_on')).toBe(false);
    const row = pair.rows.find((r) => r.rater === `examiner:${a}` && r.stepId === 'aed.clear_for_shock')!;
    const step = builtinRubric('aed')!.steps.find((s) => s.id === 'aed.clear_for_shock')!;
    // 1 of 2 is "minor deduction" (1) by default, but this step's map says "clearly deficient" (2).
    expect(pair.categoryOf(row)).toBe(2);
    expect(pair.categoryOf(row)).toBe(scoreCategory(step, 1));
    expect(row).toMatchObject({ recordingId: String(rec), maxScore: 2, score: 1, station: 'aed' });
  });

  it('keep a step only one rater scored, so that recording has no totals (incomplete)', () => {
    lab = openLab();
    const session = lab.session('S');
    const rec = lab.recording({ session, station: lab.station(session, 'BMV', 'bmv') });
    const a = lab.examiner('A');
    const model = lab.model('M');
    lab.mark(rec, a, lab.scores(rec));
    const partial = lab.scores(rec);
    delete partial['bmv.ventilation'];
    lab.suggest(rec, model, partial);
    const ds = loadLabDataset(lab.ctx.db);
    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0 });
    expect(report.leaderboard.entries[0]!.result.incompleteRecordings).toEqual([String(rec)]);
    expect(report.leaderboard.entries[0]!.result.nRecordings).toBe(0);
    expect(
      buildPairRows(ds, { kind: 'final' }, { kind: 'model', configKey: ds.modelConfigs[0]!.key }).rows,
    ).toHaveLength(9);
  });
});

/** n BMV recordings double-marked by A and B; B is one allowed score (2 points) stricter on mask seal, adjudicated to A. */
function bmvLab(n: number) {
  lab = openLab();
  const session = lab.session('Day 1');
  const station = lab.station(session, 'BMV', 'bmv');
  const a = lab.examiner('Dr A');
  const b = lab.examiner('Dr B');
  const good = lab.model('Good model', { promptVersion: 'p2' });
  const poor = lab.model('Poor model');
  const binary = lab.model('Binary model', { task: 'binary', mode: 'clips' });
  const recordings: number[] = [];
  const levels = [4, 3, 2, 1, 0];
  for (let i = 0; i < n; i++) {
    const rec = lab.recording({ session, station, candidate: `C${i}` });
    recordings.push(rec);
    const vent = levels[i % 5]!;
    const seal = i % 2 === 0 ? 4 : 2;
    const at = (m: number) =>
      `2026-03-10T${String(9 + Math.floor((i * 5 + m) / 60)).padStart(2, '0')}:${String((i * 5 + m) % 60).padStart(2, '0')}:00.000Z`;
    // A is one point lenient on airway opening during the first half of the day.
    const airway = i < n / 2 && i % 5 === 1 ? 2 : 1;
    lab.mark(
      rec,
      a,
      lab.scores(rec, { 'bmv.ventilation': vent, 'bmv.mask_seal': seal, 'bmv.airway_opening': airway }),
      { at: at(1) },
    );
    lab.mark(rec, b, lab.scores(rec, { 'bmv.ventilation': vent, 'bmv.mask_seal': seal - 2, 'bmv.airway_opening': 1 }), {
      at: at(2),
    });
    lab.adjudicate(rec, 'bmv.mask_seal', seal);
    if (airway !== 1) lab.adjudicate(rec, 'bmv.airway_opening', 1);
    lab.suggest(
      rec,
      good,
      lab.scores(rec, { 'bmv.ventilation': vent, 'bmv.mask_seal': seal, 'bmv.airway_opening': i % 7 === 0 ? 2 : 1 }),
    );
    lab.suggest(
      rec,
      poor,
      lab.scores(rec, {
        'bmv.ventilation': levels[(i * 3 + 2) % 5]!,
        'bmv.mask_seal': i % 3 === 0 ? 0 : 4,
        'bmv.airway_opening': 1,
      }),
    );
    lab.suggest(
      rec,
      binary,
      lab.scores(rec, {
        'bmv.ventilation': vent === 4 ? 4 : 0,
        'bmv.mask_seal': i % 4 === 0 ? 0 : 4,
        'bmv.airway_opening': 0,
      }),
    );
  }
  return { a, b, good, poor, binary, recordings };
}

describe('the agreement report', () => {
  it('ranks model configurations against the final scores, score and binary tasks separately', () => {
    bmvLab(25);
    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 200, seed: 3 });
    const ranked = report.leaderboard.entries.map((e) => [e.config.model, e.config.task, e.rank, e.primary.name]);
    expect(ranked).toEqual([
      ['Good model', 'score', 1, 'qwk'],
      ['Poor model', 'score', 2, 'qwk'],
      ['Binary model', 'binary', 1, 'mcc'],
    ]);
    const [good, poor] = report.leaderboard.entries;
    expect(good!.primary.metric.value!).toBeGreaterThan(poor!.primary.metric.value!);
    expect(good!.config.label).toMatch(/\(model suggestion\)$/);
    expect(good!.result.intervals?.resamples).toBe(200);
    expect(report.leaderboard.ceiling?.result.nRecordings).toBe(25);
    expect(report.leaderboard.paper.physicians).toEqual({ plcc: 0.871, kappa: 0.732, table: 'Table 3' });
    assertNoNaN(report);
  });

  it('finds the stricter examiner (hawk), the drift of the lenient one, and the Bland-Altman bias', () => {
    bmvLab(20);
    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0 });
    const byName = Object.fromEntries(report.stringency.map((s) => [s.examiner.name, s]));
    expect(byName['Dr B']!.verdict).toBe('hawk');
    expect(byName['Dr B']!.meanTotalDeviation.value).toBeCloseTo(-2, 12);
    expect(byName['Dr A']!.meanTotalDeviation.value).toBeCloseTo(2 / 20, 12);
    const driftA = report.drift.find((d) => d.examiner.name === 'Dr A')!;
    expect(driftA.points).toHaveLength(20);
    expect(driftA.slope.value!).toBeLessThan(0);
    expect(driftA.firstHalfMean.value!).toBeGreaterThan(driftA.secondHalfMean.value!);
    const ba = report.blandAltman[0]!;
    expect(ba.n).toBe(20);
    expect(ba.meanDiff.value).toBeCloseTo(-2.1, 12);
    expect(ba.lower.value!).toBeLessThan(ba.meanDiff.value!);
    assertNoNaN(report);
  });

  it('gives undefined figures a reason: PLCC pooled over different stations, κ of raters who never vary', () => {
    lab = openLab();
    const session = lab.session('S');
    const bmv = lab.station(session, 'BMV', 'bmv');
    const aed = lab.station(session, 'AED', 'aed');
    const a = lab.examiner('A');
    const b = lab.examiner('B');
    for (let i = 0; i < 4; i++) {
      for (const station of [bmv, aed]) {
        const rec = lab.recording({ session, station });
        lab.mark(rec, a, lab.scores(rec));
        lab.mark(rec, b, lab.scores(rec));
      }
    }
    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 50 });
    const pair = report.examinerPairs[0]!.result;
    expect(pair.overall.plcc).toEqual({
      value: null,
      reason: expect.stringMatching(/different stations \(aed, bmv\) are not comparable/),
    });
    expect(pair.step.qwk.value).toBeNull();
    expect(pair.step.qwk.reason).toBeTruthy();
    expect(report.stringency.every((s) => s.verdict === 'undecided')).toBe(true);
    assertNoNaN(report);

    const oneStation = buildAgreementReport(lab.ctx.db, { station: 'bmv' }, { bootstrap: 0 });
    expect(oneStation.scope.recordings).toBe(4);
    expect(oneStation.examinerPairs[0]!.result.overall.plcc.reason).not.toMatch(/stations/);
  });

  it('names an unknown session or station instead of reporting on nothing', () => {
    lab = openLab();
    expect(() => buildAgreementReport(lab.ctx.db, { session: 'Nope' })).toThrow(/Exam session 'Nope' was not found/);
    expect(() => buildAgreementReport(lab.ctx.db, { station: 'xyz' })).toThrow(/Station 'xyz'/);
  });
});

describe('per-step trust', () => {
  it('gives κ, AC1 and exact agreement per step with n, and "not enough data" under the minimum count', () => {
    const { good } = bmvLab(20);
    const key = loadLabDataset(lab.ctx.db).modelConfigs.find((c) => c.raterId === good)!.key;
    const trust = stepTrustFor(lab.ctx.db, key);
    expect(trust.steps.map((s) => s.stepId)).toEqual(builtinRubric('bmv')!.steps.map((s) => s.id));
    const vent = trust.steps.find((s) => s.stepId === 'bmv.ventilation')!;
    expect(vent).toMatchObject({ n: 20, enough: true, exact: { value: 1 } });
    expect(vent.qwk.value).toBeCloseTo(1, 12);

    const strict = stepTrustFor(lab.ctx.db, key, { minCount: 21 });
    expect(strict.steps.every((s) => !s.enough && s.qwk.value === null)).toBe(true);
    expect(strict.steps[0]!.qwk.reason).toBe('not enough data (n = 20, need 21)');
    expect(() => stepTrustFor(lab.ctx.db, 'nope')).toThrow(/Model configuration 'nope' was not found/);
  });

  it('judges a correct/error configuration by MCC, not by a four-category κ', () => {
    const { binary } = bmvLab(20);
    const key = loadLabDataset(lab.ctx.db).modelConfigs.find((c) => c.raterId === binary)!.key;
    const vent = stepTrustFor(lab.ctx.db, key).steps.find((s) => s.stepId === 'bmv.ventilation')!;
    expect(vent.qwk.value).toBeNull();
    expect(vent.mcc.value).toBeCloseTo(1, 12);
    expect(vent.exact.value).toBe(1);
  });
});
