import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection';
import { parseCallArgs } from '../../contract/validate';
import { verifyAudit } from '../integrity/audit';
import { IncompleteMarkingError, InvalidMarkError, MarkingLockedError, SuggestionsHiddenError } from './errors';
import { revealSuggestions, setStepMark, setStepSpan, submitMarking, takeSuggestion } from './marking';
import { openReview } from './review-view';
import {
  builtin,
  examiner,
  markAll,
  openReviewTestDb,
  seedRecordings,
  seedSuggestions,
  seedVerdicts,
} from '../../tests/support/review-fixtures';

const cpr = builtin('cpr');
const RATIONALE = 'Hands are placed on the lower half of the sternum';

let db: Db;
let recordingId: number;
let ann: number;
let modelRater: number;

beforeEach(() => {
  db = openReviewTestDb().db;
  recordingId = seedRecordings(db, { rubricId: 'cpr', candidates: ['C-001'] }).recordingIds[0]!;
  ({ raterId: modelRater } = seedSuggestions(db, recordingId, cpr, {
    model: 'secret-model-name',
    score: (step) => step.allowed_scores[0]!,
    rationale: (step) => `${RATIONALE} (${step.id})`,
    evidenceS: (_s, i) => [1.25 + i],
  }));
  ann = examiner(db, 'Dr Ann Adams');
});
afterEach(() => db.close());

const ref = () => ({ recordingId, examinerId: ann });
const row = (stepId: string, raterId = ann) =>
  db
    .prepare(
      'SELECT score, blind_score, not_assessable, suggestion_visible, from_suggestion FROM step_scores WHERE recording_id = ? AND rater_id = ? AND step_id = ?',
    )
    .get(recordingId, raterId, stepId);
const audits = (action: string) =>
  db
    .prepare('SELECT entity_id, before, after, suggestion_visible FROM audit_events WHERE action = ? ORDER BY seq')
    .all(action) as {
    entity_id: string;
    before: string | null;
    after: string;
    suggestion_visible: number;
  }[];

describe('blind first', () => {
  it('sends no suggestion data before the reveal: no model name, rationale, score or evidence', () => {
    setStepMark(db, { ...ref(), stepId: cpr.steps[0]!.id, score: 1 });
    const view = openReview(db, ref());
    expect(view.hasSuggestions).toBe(true);
    expect(view.suggestions).toBeNull();
    expect(view.marking.suggestionsVisible).toBe(false);
    const wire = JSON.stringify(view);
    expect(wire).not.toContain('secret-model-name');
    expect(wire).not.toContain(RATIONALE);
    expect(wire).not.toContain('1.25');
    expect(() => takeSuggestion(db, { ...ref(), stepId: cpr.steps[0]!.id, modelRaterId: modelRater })).toThrow(
      SuggestionsHiddenError,
    );
  });

  it('a suggestion never pre-fills a mark: opening and revealing write no examiner score', () => {
    openReview(db, ref());
    expect(db.prepare(`SELECT count(*) FROM step_scores WHERE source = 'examiner'`).pluck().get()).toBe(0);
  });

  it('refuses the reveal until every step is scored or not assessable, naming what is left', () => {
    markAll(db, recordingId, ann, { ...cpr, steps: cpr.steps.slice(0, 17) }, () => 0);
    setStepMark(db, { ...ref(), stepId: cpr.steps[17]!.id, notAssessable: { reason: 'camera blocked' } });
    const err = (() => {
      try {
        revealSuggestions(db, ref());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IncompleteMarkingError);
    expect((err as IncompleteMarkingError).missingSteps).toEqual([cpr.steps[18]!.id]);
    expect(openReview(db, ref()).suggestions).toBeNull();
  });

  it('after the reveal shows each step with model name, rationale, evidence and a trust figure', () => {
    markAll(db, recordingId, ann, cpr, (s) => s.max_points);
    revealSuggestions(db, ref());
    const view = openReview(db, ref());
    expect(view.suggestions).toHaveLength(1);
    const set = view.suggestions![0]!;
    expect(set.modelName).toBe('secret-model-name');
    expect(set.label).toContain('model suggestion');
    expect(set.steps.map((s) => s.stepId)).toEqual(cpr.steps.map((s) => s.id));
    expect(set.steps[0]).toMatchObject({
      score: 0,
      rationale: `${RATIONALE} (${cpr.steps[0]!.id})`,
      evidenceS: [1.25],
    });
    expect(set.steps[0]!.trust).toMatchObject({ enough: false, value: null });
    expect(set.steps[0]!.trust.label).toMatch(/^not enough data \(n = \d+, need 20\)$/);
  });

  it('keeps the blind score and the final score, and audits whether a suggestion was visible', () => {
    const first = cpr.steps[0]!.id;
    const second = cpr.steps[1]!.id;
    markAll(db, recordingId, ann, cpr, (s) => s.max_points);
    revealSuggestions(db, ref());
    setStepMark(db, { ...ref(), stepId: first, score: 0 });
    takeSuggestion(db, { ...ref(), stepId: second, modelRaterId: modelRater });

    expect(row(first)).toEqual({
      score: 0,
      blind_score: 1,
      not_assessable: 0,
      suggestion_visible: 1,
      from_suggestion: 0,
    });
    expect(row(second)).toEqual({
      score: 0,
      blind_score: 2,
      not_assessable: 0,
      suggestion_visible: 1,
      from_suggestion: 1,
    });
    expect(row(cpr.steps[2]!.id)).toMatchObject({ score: 2, blind_score: 2, suggestion_visible: 0 });

    const marks = audits('step_mark').filter((a) => a.entity_id.endsWith(`/${first}`));
    expect(marks.map((a) => [JSON.parse(a.after).score, a.suggestion_visible])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const taken = audits('step_mark_from_suggestion');
    expect(taken).toHaveLength(1);
    expect(JSON.parse(taken[0]!.after)).toMatchObject({ score: 0, from_suggestion: 1, model_rater_id: modelRater });
    expect(taken[0]!.suggestion_visible).toBe(1);
    expect(JSON.parse(audits('reveal_suggestions')[0]!.after).blind_marks[first]).toBe(1);

    // Changing a taken score by hand makes it the examiner's own again.
    setStepMark(db, { ...ref(), stepId: second, score: 1 });
    expect(row(second)).toMatchObject({ score: 1, blind_score: 2, from_suggestion: 0 });
    expect(verifyAudit(db).ok).toBe(true);
  });

  it('with blind first off, suggestions are visible at once and no blind score is claimed', () => {
    const open = seedRecordings(db, { blindFirst: false }).recordingIds[0]!;
    seedSuggestions(db, open, cpr, { model: 'open-model' });
    setStepMark(db, { recordingId: open, examinerId: ann, stepId: cpr.steps[0]!.id, score: 1 });
    const view = openReview(db, { recordingId: open, examinerId: ann });
    expect(view.suggestions?.[0]?.modelName).toBe('open-model');
    expect(view.marking.marks[0]).toMatchObject({ score: 1, blindScore: null, suggestionVisible: true });
  });
});

describe('validation', () => {
  it('refuses a score the rubric step does not allow, naming the step and the allowed scores', () => {
    const hand = cpr.steps.find((s) => s.id === 'cpr.hand_position')!; // 0/2/4
    const err = (() => {
      try {
        setStepMark(db, { ...ref(), stepId: hand.id, score: 3 });
      } catch (e) {
        return e as InvalidMarkError;
      }
    })();
    expect(err).toBeInstanceOf(InvalidMarkError);
    expect(err!.issues).toEqual([
      { path: 'cpr.hand_position', message: 'score 3 is not allowed for "Hand position" (allowed: 0, 2, 4)' },
    ]);
    expect(() => setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 2.5 })).toThrow(InvalidMarkError);
    expect(() => setStepMark(db, { ...ref(), stepId: 'cpr.nope', score: 0 })).toThrow(/has no step 'cpr.nope'/);
    setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 1.5 });
    expect(row('cpr.posture')).toMatchObject({ score: 1.5 });
    expect(db.prepare(`SELECT count(*) FROM step_scores WHERE source = 'examiner'`).pluck().get()).toBe(1);
  });

  it('checks call arguments at the boundary: one change at a time, a reason for not assessable', () => {
    const base = { recordingId, examinerId: ann, stepId: 'cpr.posture' };
    expect(() => parseCallArgs('setStepMark', [{ ...base, score: 1, comment: 'x' }])).toThrow(/exactly one of/);
    expect(() => parseCallArgs('setStepMark', [{ ...base, notAssessable: { reason: '  ' } }])).toThrow(
      /not-assessable reason must not be empty/,
    );
    expect(() => parseCallArgs('setStepMark', [{ ...base, score: '1' }])).toThrow(/score must be a number/);
    expect(() => parseCallArgs('setStepSpan', [{ ...base, startS: 5, endS: 4 }])).toThrow(
      /span end must be after its start/,
    );
    expect(parseCallArgs('setStepMark', [{ ...base, score: 1 }])).toEqual([{ ...base, score: 1 }]);
  });
});

describe('not assessable, comments and spans', () => {
  it('stores not assessable with its reason instead of a score, and counts the step as done', () => {
    setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 1 });
    const state = setStepMark(db, { ...ref(), stepId: 'cpr.posture', notAssessable: { reason: 'out of frame' } });
    expect(state.marks[0]).toMatchObject({
      score: null,
      blindScore: null,
      notAssessable: true,
      notAssessableReason: 'out of frame',
    });
    expect(state.missingSteps).not.toContain('cpr.posture');
    const cleared = setStepMark(db, { ...ref(), stepId: 'cpr.posture', clearNotAssessable: true });
    expect(cleared.missingSteps).toContain('cpr.posture');
  });

  it('keeps a comment beside the score, and a span of the step in the recording', () => {
    setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 2 });
    const s = setStepMark(db, { ...ref(), stepId: 'cpr.posture', comment: '  elbows bent  ' });
    expect(s.marks[0]).toMatchObject({ score: 2, comment: 'elbows bent' });
    const spans = setStepSpan(db, { ...ref(), stepId: 'cpr.posture', startS: 1.5, endS: 3 }).spans;
    expect(spans).toEqual([{ stepId: 'cpr.posture', startS: 1.5, endS: 3, mine: true }]);
    expect(() => setStepSpan(db, { ...ref(), stepId: 'cpr.posture', startS: 1, endS: 60 })).toThrow(
      /after the recording ends/,
    );
    expect(audits('step_span')).toHaveLength(1);
  });
});

describe('submit lock', () => {
  it('refuses to submit an incomplete marking, then locks it; a change needs a reason and is audited', () => {
    setStepMark(db, { ...ref(), stepId: cpr.steps[0]!.id, score: 1 });
    expect(() => submitMarking(db, ref())).toThrow(IncompleteMarkingError);
    markAll(db, recordingId, ann, cpr, (s) => s.max_points);
    expect(submitMarking(db, ref()).status).toBe('submitted');

    expect(() => setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 0 })).toThrow(MarkingLockedError);
    expect(row('cpr.posture')).toMatchObject({ score: 2 });
    setStepMark(db, { ...ref(), stepId: 'cpr.posture', score: 0, changeReason: 'rewatched: knees not aligned' });
    expect(row('cpr.posture')).toMatchObject({ score: 0 });
    const changed = audits('step_mark_after_submit');
    expect(changed).toHaveLength(1);
    expect(JSON.parse(changed[0]!.before!)).toMatchObject({ score: 2 });
    expect(JSON.parse(changed[0]!.after)).toMatchObject({ score: 0, change_reason: 'rewatched: knees not aligned' });
    expect(JSON.parse(audits('submit_marking')[0]!.after).marks['cpr.posture']).toBe(2);
  });
});

describe('a correct/error suggestion', () => {
  let rec: number;
  let judge: number;
  beforeEach(() => {
    // Without blind first, suggestions are visible before the examiner scores anything.
    rec = seedRecordings(db, { rubricId: 'cpr', candidates: ['C-900'], blindFirst: false }).recordingIds[0]!;
    judge = seedVerdicts(
      db,
      rec,
      cpr,
      (step) => step.id !== 'cpr.responsiveness' && step.id !== 'cpr.scene_safety',
    ).raterId;
  });
  const mine = (stepId: string) =>
    db
      .prepare(
        'SELECT score, from_suggestion, model_verdict FROM step_scores WHERE recording_id = ? AND rater_id = ? AND step_id = ?',
      )
      .get(rec, ann, stepId);

  it('accepted as "error" leaves the score unset: the step is marked "model says error" and still needs a score', () => {
    const state = takeSuggestion(db, {
      recordingId: rec,
      examinerId: ann,
      stepId: 'cpr.responsiveness',
      modelRaterId: judge,
    });
    expect(mine('cpr.responsiveness')).toEqual({ score: null, from_suggestion: 0, model_verdict: 'error' });
    expect(state.marks.find((m) => m.stepId === 'cpr.responsiveness')).toMatchObject({
      score: null,
      modelVerdict: 'error',
    });
    expect(state.missingSteps).toContain('cpr.responsiveness');
    expect(audits('step_verdict_from_suggestion')).toHaveLength(1);
  });

  it('keeps a score the examiner gave: a one-point deduction does not become a complete failure', () => {
    setStepMark(db, { recordingId: rec, examinerId: ann, stepId: 'cpr.responsiveness', score: 1 });
    takeSuggestion(db, { recordingId: rec, examinerId: ann, stepId: 'cpr.responsiveness', modelRaterId: judge });
    expect(mine('cpr.responsiveness')).toEqual({ score: 1, from_suggestion: 0, model_verdict: 'error' });
    takeSuggestion(db, { recordingId: rec, examinerId: ann, stepId: 'cpr.hand_position', modelRaterId: judge });
    expect(mine('cpr.hand_position')).toEqual({ score: null, from_suggestion: 0, model_verdict: 'correct' });
  });

  it('sets the score only on a step scored 0 or full marks, where the verdict is the score', () => {
    takeSuggestion(db, { recordingId: rec, examinerId: ann, stepId: 'cpr.scene_safety', modelRaterId: judge });
    expect(mine('cpr.scene_safety')).toEqual({ score: 0, from_suggestion: 1, model_verdict: 'error' });
  });
});
