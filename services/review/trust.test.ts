import { afterEach, describe, expect, it } from 'vitest';
import { stepTrustIsFresh } from '../../db/queries/trust';
import { builtinRubrics } from '../../domain/rubric/builtin';
import { openLab, type Lab } from '../../tests/support/lab';
import { loadLabDataset } from '../reports/dataset';
import { stepTrustFor } from '../reports/step-trust';
import { setStepMark, submitMarking } from './marking';
import { openReview } from './review-view';
import { loadSuggestions } from './suggestions';

const bmv = builtinRubrics().find((r) => r.id === 'bmv')!;
let lab: Lab;
afterEach(() => lab?.close());

/** n recordings of a station, each marked by one examiner and suggested by one model (which drops a point on every third). */
function labWith(n: number) {
  lab = openLab();
  const session = lab.session('S');
  lab.ctx.db.prepare('UPDATE exam_sessions SET blind_first = 0').run();
  const station = lab.station(session, 'BMV', 'bmv');
  const examiner = lab.examiner('A');
  const viewer = lab.examiner('V');
  const model = lab.model('M');
  const add = (i: number) => {
    const rec = lab.recording({ session, station });
    lab.mark(rec, examiner, lab.scores(rec));
    lab.suggest(rec, model, lab.scores(rec, i % 3 === 0 ? { 'bmv.ventilation': 1 } : {}));
    return rec;
  };
  const recordings = Array.from({ length: n }, (_, i) => add(i));
  return { session, station, examiner, viewer, model, recordings, add };
}

const ventilation = (view: ReturnType<typeof openReview>) =>
  view.suggestions![0]!.steps.find((s) => s.stepId === 'bmv.ventilation')!.trust;

describe('trust beside a suggestion', () => {
  it('shows the figure the report computes over the whole lab, stored until something it depends on changes', () => {
    const l = labWith(21);
    const key = loadLabDataset(lab.ctx.db).modelConfigs[0]!.key;
    const expected = stepTrustFor(lab.ctx.db, key).steps.find((s) => s.stepId === 'bmv.ventilation')!;
    const first = ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer }));
    expect(first).toMatchObject({ n: 21, enough: true, value: expected.qwk.value });
    expect(first.label).toBe(`κ ${expected.qwk.value!.toFixed(2)} vs final scores (n = 21)`);
    expect(stepTrustIsFresh(lab.ctx.db)).toBe(true);

    // An examiner's marks in progress are not final scores yet: the stored figures stay.
    setStepMark(lab.ctx.db, {
      recordingId: l.recordings[1]!,
      examinerId: l.viewer,
      stepId: bmv.steps[0]!.id,
      score: 0,
    });
    expect(stepTrustIsFresh(lab.ctx.db)).toBe(true);
    expect(ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[2]!, examinerId: l.viewer }))).toEqual(first);
  });

  it('counts a newly submitted marking and a new suggestion at the next opening', () => {
    const l = labWith(20);
    expect(ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer })).n).toBe(20);
    l.add(1);
    expect(stepTrustIsFresh(lab.ctx.db)).toBe(false);
    expect(ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer })).n).toBe(21);
  });

  it('follows a submit in the review itself, and an adjudication that changes a final score', () => {
    const l = labWith(20);
    const before = ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer }));
    // A second examiner disagrees on a recording where the model dropped a point: the step now awaits adjudication.
    for (const step of bmv.steps)
      setStepMark(lab.ctx.db, {
        recordingId: l.recordings[0]!,
        examinerId: l.viewer,
        stepId: step.id,
        score: step.id === 'bmv.ventilation' ? 1 : step.max_points,
      });
    submitMarking(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer });
    expect(stepTrustIsFresh(lab.ctx.db)).toBe(false);
    const disputed = ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[1]!, examinerId: l.viewer }));
    expect(disputed.n).toBe(before.n - 1);
    lab.adjudicate(l.recordings[0]!, 'bmv.ventilation', 1);
    expect(ventilation(openReview(lab.ctx.db, { recordingId: l.recordings[1]!, examinerId: l.viewer })).n).toBe(
      before.n,
    );
  });

  it('never shows stale figures: read while stale, they are computed afresh', () => {
    const l = labWith(20);
    openReview(lab.ctx.db, { recordingId: l.recordings[0]!, examinerId: l.viewer });
    l.add(0);
    expect(stepTrustIsFresh(lab.ctx.db)).toBe(false);
    const sets = loadSuggestions(lab.ctx.db, l.recordings[0]!, bmv);
    expect(sets[0]!.steps.find((s) => s.stepId === 'bmv.ventilation')!.trust.n).toBe(21);
  });
});
