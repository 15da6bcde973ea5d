import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection';
import { adjudicateStep } from './double';
import { SeparationOfDutiesError, setLeadExaminer } from './duties';
import { setStepMark, submitMarking } from './marking';
import { openReview } from './review-view';
import { builtin, examiner, markAll, openReviewTestDb } from '../../tests/support/review-fixtures';
import { seedRecordings } from '../../tests/support/review-fixtures';

const bmv = builtin('bmv'); // equipment 0..2 by halves, airway 0/1/2, seal 0/2/4, ventilation 0..4 (critical), coordination 0/1/2
let db: Db;
let rec: number;
let ann: number;
let ben: number;

beforeEach(() => {
  db = openReviewTestDb().db;
  rec = seedRecordings(db, { rubricId: 'bmv' }).recordingIds[0]!;
  ann = examiner(db, 'Ann');
  ben = examiner(db, 'Ben');
});
afterEach(() => db.close());

const view = (examinerId: number, adjudicating = false) =>
  openReview(db, { recordingId: rec, examinerId, adjudicating });
const full = (s: { max_points: number }) => s.max_points;
// Ben differs from Ann on the mask seal (2 vs 4) and the critical ventilation step (1 vs 4).
const benScores = (s: { id: string; max_points: number }) =>
  s.id === 'bmv.mask_seal' ? 2 : s.id === 'bmv.ventilation' ? 1 : s.max_points;

describe('double marking', () => {
  it('keeps each examiner to their own marks until both have submitted', () => {
    markAll(db, rec, ann, bmv, full);
    setStepMark(db, { recordingId: rec, examinerId: ben, stepId: 'bmv.mask_seal', score: 2 });
    submitMarking(db, { recordingId: rec, examinerId: ann });

    const benView = view(ben);
    expect(benView.marking.marks.map((m) => [m.stepId, m.score])).toEqual([['bmv.mask_seal', 2]]);
    expect(benView.double).toMatchObject({
      othersVisible: false,
      discrepancies: null,
      finals: null,
      submittedCount: 1,
    });
    expect(benView.double.others).toEqual([{ id: ann, name: 'Ann', status: 'submitted' }]);

    const annView = view(ann);
    expect(annView.marking.marks).toHaveLength(bmv.steps.length);
    expect(annView.marking.marks.every((m) => m.score === m.blindScore)).toBe(true);
    expect(annView.double.others).toEqual([{ id: ben, name: 'Ben', status: 'in_progress' }]);
    expect(annView.double.othersVisible).toBe(false);
    expect(annView.double.discrepancies).toBeNull();
    // One submission makes no final score yet: Ann sees her own marks, not "final" ones.
    expect(annView.double.finals).toBeNull();
  });

  it('lists the steps where they differ once both submitted, and adjudication sets the final score', () => {
    markAll(db, rec, ann, bmv, full);
    markAll(db, rec, ben, bmv, benScores);
    submitMarking(db, { recordingId: rec, examinerId: ann });
    expect(() =>
      adjudicateStep(db, {
        recordingId: rec,
        examinerId: ann,
        stepId: 'bmv.mask_seal',
        finalScore: 4,
        reason: 'early',
      }),
    ).toThrow(SeparationOfDutiesError);
    submitMarking(db, { recordingId: rec, examinerId: ben });

    const before = view(ann).double;
    expect(before.othersVisible).toBe(true);
    expect(before.discrepancies!.map((d) => [d.stepId, d.marks.map((m) => [m.examinerName, m.score])])).toEqual([
      [
        'bmv.mask_seal',
        [
          ['Ann', 4],
          ['Ben', 2],
        ],
      ],
      [
        'bmv.ventilation',
        [
          ['Ann', 4],
          ['Ben', 1],
        ],
      ],
    ]);
    expect(before.finals).toMatchObject({ status: 'disagreement', complete: false, total: null });

    const cleo = examiner(db, 'Cleo');
    expect(() =>
      adjudicateStep(db, {
        recordingId: rec,
        examinerId: cleo,
        stepId: 'bmv.airway_opening',
        finalScore: 2,
        reason: 'x',
      }),
    ).toThrow(/examiners agree on "Open the airway"/);
    expect(() =>
      adjudicateStep(db, { recordingId: rec, examinerId: cleo, stepId: 'bmv.mask_seal', finalScore: 3, reason: 'x' }),
    ).toThrow(/not allowed/);
    adjudicateStep(db, {
      recordingId: rec,
      examinerId: cleo,
      stepId: 'bmv.mask_seal',
      finalScore: 2,
      reason: 'leak visible at 0:04',
    });
    const half = view(cleo, true).double;
    expect(half.finals).toMatchObject({ status: 'disagreement', total: null });
    adjudicateStep(db, {
      recordingId: rec,
      examinerId: cleo,
      stepId: 'bmv.ventilation',
      finalScore: 1,
      reason: 'no chest rise on 2 of 3 breaths',
    });

    const after = view(cleo, true).double;
    expect(after.finals).toMatchObject({ status: 'final', complete: true, total: 2 + 2 + 2 + 1 + 2, maxTotal: 14 });
    expect(after.finals!.failedCritical).toEqual([{ stepId: 'bmv.ventilation', title: expect.any(String), score: 1 }]);
    // The discrepancy stays listed, now with its adjudication, so the decision can be read back.
    expect(after.discrepancies!.find((d) => d.stepId === 'bmv.ventilation')!.adjudication).toMatchObject({
      finalScore: 1,
      reason: 'no chest rise on 2 of 3 breaths',
      adjudicatorName: 'Cleo',
    });
    const audit = db
      .prepare(`SELECT actor, after FROM audit_events WHERE action = 'adjudicate' ORDER BY seq`)
      .all() as { actor: string; after: string }[];
    expect(audit.map((a) => [a.actor, JSON.parse(a.after).final_score])).toEqual([
      [`examiner:${cleo} (Cleo)`, 2],
      [`examiner:${cleo} (Cleo)`, 1],
    ]);
  });

  it('shows a third examiner who has not marked nothing of the others until they choose to adjudicate', () => {
    markAll(db, rec, ann, bmv, full);
    markAll(db, rec, ben, bmv, benScores);
    submitMarking(db, { recordingId: rec, examinerId: ann });
    submitMarking(db, { recordingId: rec, examinerId: ben });
    const cleo = examiner(db, 'Cleo');
    expect(view(cleo).double).toMatchObject({
      othersVisible: false,
      discrepancies: null,
      finals: null,
      submittedCount: 2,
    });
    const adjudicating = view(cleo, true).double;
    expect(adjudicating.othersVisible).toBe(true);
    expect(adjudicating.finals).toMatchObject({ status: 'disagreement' });
  });

  it('hides both markings from a third examiner who is still marking (who, having marked, cannot adjudicate either)', () => {
    markAll(db, rec, ann, bmv, full);
    markAll(db, rec, ben, bmv, benScores);
    submitMarking(db, { recordingId: rec, examinerId: ann });
    submitMarking(db, { recordingId: rec, examinerId: ben });
    const cleo = examiner(db, 'Cleo');
    setStepMark(db, { recordingId: rec, examinerId: cleo, stepId: 'bmv.mask_seal', score: 4 });
    const v = view(cleo).double;
    expect(v).toMatchObject({ othersVisible: false, discrepancies: null, finals: null });
    expect(() =>
      adjudicateStep(db, { recordingId: rec, examinerId: cleo, stepId: 'bmv.mask_seal', finalScore: 4, reason: 'x' }),
    ).toThrow(SeparationOfDutiesError);
  });

  it('leaves a step both examiners found not assessable out of the total and its maximum', () => {
    for (const who of [ann, ben]) {
      markAll(db, rec, who, { ...bmv, steps: bmv.steps.slice(1) }, full);
      setStepMark(db, {
        recordingId: rec,
        examinerId: who,
        stepId: bmv.steps[0]!.id,
        notAssessable: { reason: 'bag out of view' },
      });
      submitMarking(db, { recordingId: rec, examinerId: who });
    }
    const finals = view(ann).double.finals!;
    expect(finals).toMatchObject({
      status: 'double_marked',
      complete: true,
      total: 12,
      maxTotal: 12,
      failedCritical: [],
    });
    expect(finals.steps[0]).toMatchObject({ state: 'not_assessable', score: null });
  });

  it('refuses an examiner who marked the recording as its adjudicator (finding 9), audits the refusal and changes nothing', () => {
    markAll(db, rec, ann, bmv, full);
    markAll(db, rec, ben, bmv, benScores);
    submitMarking(db, { recordingId: rec, examinerId: ann });
    submitMarking(db, { recordingId: rec, examinerId: ben });
    expect(view(ann).double.adjudicationBarrier).toMatch(/You marked this recording/);
    for (const step of ['bmv.mask_seal', 'bmv.ventilation']) {
      expect(() =>
        adjudicateStep(db, { recordingId: rec, examinerId: ann, stepId: step, finalScore: 4, reason: 'I was right' }),
      ).toThrow(/You marked this recording, so you cannot adjudicate it/);
    }
    expect(db.prepare('SELECT count(*) FROM adjudications').pluck().get()).toBe(0);
    const refused = db
      .prepare(`SELECT actor, entity_id FROM audit_events WHERE action = 'adjudicate_refused' ORDER BY seq`)
      .all();
    expect(refused).toEqual([
      { actor: `examiner:${ann} (Ann)`, entity_id: `${rec}/bmv.mask_seal` },
      { actor: `examiner:${ann} (Ann)`, entity_id: `${rec}/bmv.ventilation` },
    ]);
  });

  it('lets only the session\u2019s lead examiner adjudicate once one is named', () => {
    markAll(db, rec, ann, bmv, full);
    markAll(db, rec, ben, bmv, benScores);
    submitMarking(db, { recordingId: rec, examinerId: ann });
    submitMarking(db, { recordingId: rec, examinerId: ben });
    const cleo = examiner(db, 'Cleo');
    const dana = examiner(db, 'Dana');
    const session = db.prepare('SELECT session_id FROM recordings WHERE id = ?').pluck().get(rec) as number;
    setLeadExaminer(db, { sessionId: session, examinerId: dana, lead: true }, 'test');
    expect(view(cleo).double.adjudicationBarrier).toBe('Only this session\u2019s lead examiner (Dana) may adjudicate.');
    expect(() =>
      adjudicateStep(db, { recordingId: rec, examinerId: cleo, stepId: 'bmv.mask_seal', finalScore: 2, reason: 'x' }),
    ).toThrow(SeparationOfDutiesError);
    adjudicateStep(db, {
      recordingId: rec,
      examinerId: dana,
      stepId: 'bmv.mask_seal',
      finalScore: 2,
      reason: 'leak at 0:04',
    });
    expect(
      view(dana, true).double.discrepancies!.find((d) => d.stepId === 'bmv.mask_seal')!.adjudication,
    ).toMatchObject({
      adjudicatorName: 'Dana',
    });
  });
});
