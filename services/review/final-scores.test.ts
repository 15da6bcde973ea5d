import { afterEach, describe, expect, it } from 'vitest';
import {
  getRecordingFinals,
  loadRecordingFinals,
  recordingStatus,
  resolveFinalStep,
  type FinalStep,
} from './final-scores';
import { openLab, type Lab } from '../../tests/support/lab';

describe('resolveFinalStep', () => {
  it('takes an adjudication over whatever the examiners said', () => {
    expect(
      resolveFinalStep(
        's',
        [
          { raterId: 1, score: 2 },
          { raterId: 2, score: 0 },
        ],
        1,
      ),
    ).toEqual({
      stepId: 's',
      state: 'final',
      score: 1,
      source: 'adjudication',
    });
  });

  it('takes the agreed score when every submitted examiner agrees, half points included', () => {
    expect(
      resolveFinalStep('s', [
        { raterId: 1, score: 1.5 },
        { raterId: 2, score: 1.5000000000001 },
      ]),
    ).toMatchObject({
      state: 'final',
      score: 1.5,
      source: 'agreed',
    });
  });

  it("takes a single examiner's score as final", () => {
    expect(resolveFinalStep('s', [{ raterId: 4, score: 0 }])).toMatchObject({
      state: 'final',
      score: 0,
      source: 'single-examiner',
    });
  });

  it('leaves a disagreement without a final score', () => {
    const f = resolveFinalStep('s', [
      { raterId: 1, score: 2 },
      { raterId: 2, score: 1 },
      { raterId: 3, score: 2 },
    ]);
    expect(f.state).toBe('disagreement');
  });

  it('treats not assessable as a value: all agree -> excluded, one scores it -> disagreement', () => {
    expect(
      resolveFinalStep('s', [
        { raterId: 1, score: null },
        { raterId: 2, score: null },
      ]),
    ).toMatchObject({ state: 'not_assessable' });
    expect(
      resolveFinalStep('s', [
        { raterId: 1, score: null },
        { raterId: 2, score: 2 },
      ]).state,
    ).toBe('disagreement');
  });

  it('has no final score for a step nobody marked', () => {
    expect(resolveFinalStep('s', []).state).toBe('unmarked');
  });
});

describe('recordingStatus', () => {
  const final = (score: number, source: 'adjudication' | 'agreed' = 'agreed'): FinalStep => ({
    stepId: 'x',
    state: 'final',
    score,
    source,
  });
  it.each<[FinalStep[], number, number, string]>([
    [[], 0, 0, 'unmarked'],
    [[], 0, 2, 'suggestions_ready'],
    [[final(1)], 1, 0, 'marked_by_one'],
    [[final(1), final(2)], 2, 1, 'double_marked'],
    [[final(1), { stepId: 'y', state: 'disagreement', marks: [] }], 2, 0, 'disagreement'],
    [[final(1), final(2, 'adjudication')], 2, 0, 'final'],
  ])('%j with %i examiners and %i models is %s', (steps, submitted, models, status) => {
    expect(recordingStatus(steps, submitted, models).status).toBe(status);
  });
});

describe('final scores from the database', () => {
  let lab: Lab;
  afterEach(() => lab.close());

  it('uses only submitted examiner markings, never model suggestions', () => {
    lab = openLab();
    const session = lab.session('S');
    const rec = lab.recording({ session, station: lab.station(session, 'BMV', 'bmv') });
    const a = lab.examiner('A');
    const b = lab.examiner('B');
    const model = lab.model('M');
    lab.mark(rec, a, lab.scores(rec, { 'bmv.mask_seal': 2 }));
    lab.mark(rec, b, lab.scores(rec, { 'bmv.mask_seal': 0 }), { status: 'in_progress' });
    lab.suggest(rec, model, lab.scores(rec, { 'bmv.mask_seal': 4, 'bmv.ventilation': 0 }));

    const f = getRecordingFinals(lab.ctx.db, rec)!;
    expect(f.status).toBe('marked_by_one');
    expect(f.inProgressExaminers).toBe(1);
    expect(f.modelRaters).toBe(1);
    expect(f.steps.find((s) => s.stepId === 'bmv.mask_seal')).toMatchObject({
      state: 'final',
      score: 2,
      source: 'single-examiner',
    });
    expect(f.steps.find((s) => s.stepId === 'bmv.ventilation')).toMatchObject({ state: 'final', score: 4 });
    expect(f.complete).toBe(true);
  });

  it('reports a disagreement until it is adjudicated, then final', () => {
    lab = openLab();
    const session = lab.session('S');
    const station = lab.station(session, 'BMV', 'bmv');
    const rec = lab.recording({ session, station });
    const other = lab.recording({ session, station });
    const a = lab.examiner('A');
    const b = lab.examiner('B');
    lab.mark(rec, a, lab.scores(rec, { 'bmv.mask_seal': 2 }));
    lab.mark(rec, b, lab.scores(rec, { 'bmv.mask_seal': 4 }));
    lab.mark(other, a, lab.scores(other));
    lab.mark(other, b, lab.scores(other));

    let all = loadRecordingFinals(lab.ctx.db);
    expect(all.get(rec)).toMatchObject({ status: 'disagreement', disagreements: 1, complete: false });
    expect(all.get(other)).toMatchObject({ status: 'double_marked', complete: true });

    lab.adjudicate(rec, 'bmv.mask_seal', 2);
    all = loadRecordingFinals(lab.ctx.db, [rec]);
    expect([...all.keys()]).toEqual([rec]);
    expect(all.get(rec)).toMatchObject({ status: 'final', adjudicated: 1, complete: true });
    expect(getRecordingFinals(lab.ctx.db, 99_999)).toBeUndefined();
  });
});
