import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type Lab, type StepValues } from '../../tests/support/lab';
import { importModelPredictions } from '../label-import/predictions';
import { buildAgreementReport } from './report';

const BMV = [
  'bmv.equipment_oxygen',
  'bmv.airway_opening',
  'bmv.mask_seal',
  'bmv.ventilation',
  'bmv.coordination_monitoring',
];
const MAX: Record<string, number> = {
  'bmv.equipment_oxygen': 2,
  'bmv.airway_opening': 2,
  'bmv.mask_seal': 4,
  'bmv.ventilation': 4,
  'bmv.coordination_monitoring': 2,
};

/** "EECCC": E = an error (0 points), C = correct (full marks), step by step in rubric order. */
const verdicts = (pattern: string): StepValues =>
  Object.fromEntries(BMV.map((id, i) => [id, pattern[i] === 'E' ? 0 : MAX[id]!]));

let lab: Lab;
afterEach(() => lab?.close());

/** n BMV recordings, each marked by one examiner (so the final scores are that examiner's). */
function bmvRecordings(n: number, final: (i: number) => StepValues): number[] {
  lab = openLab();
  const session = lab.session('Day 1');
  const station = lab.station(session, 'BMV', 'bmv');
  const examiner = lab.examiner('Dr A');
  return Array.from({ length: n }, (_, i) => {
    const rec = lab.recording({ session, station, candidate: `C${i}` });
    lab.mark(rec, examiner, final(i));
    return rec;
  });
}

/** Ventilation varies 4, 3, 2, 1, 0, ...; everything else full marks. */
const varied = (i: number): StepValues => ({ ...verdicts('CCCCC'), 'bmv.ventilation': [4, 3, 2, 1, 0][i % 5]! });

describe('a fair leaderboard', () => {
  it('lists a predictions file that copies the final scores of 2 of 6 recordings apart, partial and unranked', () => {
    const recs = bmvRecordings(6, varied);
    const run = lab.model('Honest model');
    recs.forEach((r, i) => lab.suggest(r, run, { ...varied(i), 'bmv.ventilation': [4, 2, 2, 0, 0, 4][i]! }));
    const copied = recs
      .slice(0, 2)
      .flatMap((r, i) => Object.entries(varied(i)).map(([step_id, score]) => ({ recording_id: r, step_id, score })));
    importModelPredictions(
      lab.ctx.db,
      JSON.stringify({ task: 'score', mode: 'full', predictions: copied }),
      'cherry.json',
      {
        model: 'Cherry-picker',
        actor: 'test',
      },
    );

    const board = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 100 }).leaderboard;
    const byModel = Object.fromEntries(board.entries.map((e) => [e.config.model, e]));
    expect(byModel['Cherry-picker']).toMatchObject({
      rank: null,
      standing: null,
      coverage: { recordings: 2, ofRecordings: 6, steps: 10, ofSteps: 30 },
    });
    expect(byModel['Cherry-picker']!.unranked).toBe(
      'judged 2 recordings with final scores; at least 5 are needed to be ranked',
    );
    expect(byModel['Honest model']).toMatchObject({ rank: 1, standing: 'leader', unranked: null });
    expect(board.groups[0]).toMatchObject({
      key: 'score/full',
      commonSet: { recordings: 6, steps: 30 },
      problem: null,
    });
    // Ranked entries come first, and the partial one cannot sit above a complete one.
    expect(board.entries.map((e) => e.config.model)).toEqual(['Honest model', 'Cherry-picker']);

    // With the minimums lowered it is compared, but only on the 2 recordings both cover.
    const lowered = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0, minCoverage: 0.3, minRecordings: 2 });
    expect(lowered.leaderboard.groups[0]!.commonSet).toMatchObject({ recordings: 2, steps: 10 });
    expect(lowered.leaderboard.entries.every((e) => e.result.nSteps === 10)).toBe(true);

    // Coverage is checked as a share too: 2 of 6 is 33%.
    const byShare = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0, minRecordings: 1 }).leaderboard;
    expect(byShare.entries.find((e) => e.config.model === 'Cherry-picker')!.unranked).toBe(
      'partial: covers 2 of 6 recordings with final scores (33.3%); at least 80% is needed to be ranked',
    );
  });

  it('gives equal figures the same rank, and marks overlapping intervals as not distinguishable', () => {
    const recs = bmvRecordings(8, varied);
    const twinA = lab.model('Twin A');
    const twinB = lab.model('Twin B');
    const poor = lab.model('Poor');
    recs.forEach((r, i) => {
      const guess = { ...varied(i), 'bmv.ventilation': [4, 3, 1, 1, 0, 4, 2, 2][i]! };
      lab.suggest(r, twinA, guess);
      lab.suggest(r, twinB, guess);
      lab.suggest(r, poor, { ...varied(i), 'bmv.ventilation': [0, 1, 4, 3, 4, 0, 4, 4][i]! });
    });
    const board = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 300, seed: 4 }).leaderboard;
    const ranks = board.entries.map((e) => [e.config.model, e.rank, e.standing]);
    expect(ranks).toEqual([
      ['Twin A', 1, 'leader'],
      ['Twin B', 1, 'leader'],
      ['Poor', 3, 'behind'],
    ]);
    const [a, b] = board.entries;
    expect(a!.primary.metric.value).toBe(b!.primary.metric.value);
    expect(a!.primary.interval).toEqual(b!.primary.interval);
  });

  it('reads error detection in full, beside calling every step an error: P = prevalence, R = 1, F1 = 2p/(1+p), MCC = 0', () => {
    // Errors in the final scores: 2 + 1 + 0 + 1 + 2 + 1 = 7 of 30 steps.
    const finals = ['EECCC', 'ECCCC', 'CCCCC', 'CCCCE', 'CECEC', 'CCECC'];
    const recs = bmvRecordings(6, (i) => verdicts(finals[i]!));
    const model = lab.model('Judge', { task: 'binary', mode: 'full' });
    const says = ['ECCCC', 'EECCC', 'CCCCE', 'CCCCE', 'CECCC', 'CCECC'];
    recs.forEach((r, i) => lab.suggest(r, model, verdicts(says[i]!)));

    const board = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0 }).leaderboard;
    const group = board.groups.find((g) => g.key === 'binary/full')!;
    const p = 7 / 30;
    const baseline = group.allErrorsBaseline!;
    expect(baseline.n).toBe(30);
    expect(baseline.prevalence.value).toBeCloseTo(p, 15);
    expect(baseline.precision.value).toBeCloseTo(p, 15);
    expect(baseline.recall.value).toBe(1);
    expect(baseline.f1.value).toBeCloseTo((2 * p) / (1 + p), 15);
    expect(baseline.mcc.value).toBe(0);
    expect(baseline.predictedErrorRate.value).toBe(1);

    // The model, recording by recording: tp 1+1+0+1+1+1 = 5, fp 0+1+1+0+0+0 = 2, fn 1+0+0+0+1+0 = 2, tn 21.
    const entry = board.entries[0]!.errorDetection;
    expect([entry.precision.value, entry.recall.value]).toEqual([5 / 7, 5 / 7]);
    expect(entry.predictedErrorRate.value).toBeCloseTo(7 / 30, 15);
    expect(entry.mcc.value).toBeCloseTo((5 * 21 - 2 * 2) / Math.sqrt(7 * 7 * 23 * 23), 14);
    const best = group.published!.best[0]!;
    expect([best.figure, best.value, best.who]).toEqual(['mcc', 0.132, 'GPT-5.2']);
    expect(best.sameModel.map((f) => [f.figure, f.value])).toEqual([
      ['precision', 0.212],
      ['recall', 0.909],
      ['f1', 0.344],
    ]);
  });
});

describe('the four tasks side by side', () => {
  it('compares one configuration on full video and on step clips, on the steps both cover, against a hand-computed case', () => {
    const recs = bmvRecordings(2, (i) => verdicts(['EECCC', 'ECCCC'][i]!));
    const full = lab.model('Same model', { task: 'binary', mode: 'full' });
    const clips = lab.model('Same model', { task: 'binary', mode: 'clips' });
    lab.suggest(recs[0]!, full, verdicts('ECCCC'));
    lab.suggest(recs[1]!, full, verdicts('EECCC'));
    lab.suggest(recs[0]!, clips, verdicts('EECEC'));
    lab.suggest(recs[1]!, clips, verdicts('ECCCC'));
    // A second recording judged by the clips only is not a step both cover.
    lab.suggest(recs[1]!, lab.model('Other model', { task: 'binary', mode: 'clips' }), verdicts('CCCCC'));

    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 1000, seed: 5 });
    const paired = report.leaderboard.paired;
    expect(paired).toHaveLength(1);
    const p = paired[0]!;
    expect(p).toMatchObject({ kind: 'full-vs-clips', figure: 'mcc' });
    expect([p.a.mode, p.b.mode]).toEqual(['full', 'clips']);
    // Full: tp 2, fp 1, fn 1, tn 6 → (2·6 − 1·1) / √(3·3·7·7) = 11/21.
    // Clips: tp 3, fp 1, fn 0, tn 6 → (3·6 − 0) / √(4·3·7·6) = 3/√14.
    expect(p.overall).toMatchObject({ recordings: 2, steps: 10 });
    expect(p.overall.a.value).toBeCloseTo(11 / 21, 14);
    expect(p.overall.b.value).toBeCloseTo(3 / Math.sqrt(14), 14);
    expect(p.overall.difference.value).toBeCloseTo(3 / Math.sqrt(14) - 11 / 21, 14);
    expect(p.overall.interval!.low!).toBeLessThanOrEqual(p.overall.difference.value!);
    expect(p.overall.interval!.high!).toBeGreaterThanOrEqual(p.overall.difference.value!);
    expect(p.perStation.map((s) => [s.station, s.difference.value])).toEqual([['bmv', p.overall.difference.value]]);
    expect(p.perStep.map((s) => s.stepId)).toEqual(BMV);
    // Ventilation: every judge calls both recordings correct, so nothing differs.
    expect(p.perStep[3]!.difference.value).toBe(0);
  });
});
