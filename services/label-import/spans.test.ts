import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLab, type Lab } from '../../tests/support/lab';
import { loadStepSpans, loadScoringTarget } from '../scoring/engine/targets';
import { setStepSpan } from '../review/marking';
import { openReview } from '../review/review-view';
import { listReviewRecordings } from '../review/review-list';
import { SpansImportError } from './spans';
import { importStepSpans } from './spans';

let lab: Lab;
let recs: number[];

beforeEach(() => {
  lab = openLab();
  const session = lab.session('S');
  const station = lab.station(session, 'BMV', 'bmv');
  // openLab's recordings last 60 s.
  recs = [0, 1].map(() => lab.recording({ session, station }));
});
afterEach(() => lab.close());

const run = (text: string, examiner = 'Dr Segmenter') =>
  importStepSpans(lab.ctx.db, text, 'spans.csv', { examiner, actor: 'test' });

function problems(text: string): string[] {
  const before = lab.ctx.db.prepare('SELECT count(*) FROM step_spans').pluck().get();
  try {
    run(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SpansImportError);
    expect(lab.ctx.db.prepare('SELECT count(*) FROM step_spans').pluck().get()).toBe(before);
    return (err as SpansImportError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('the file was imported but should have been refused');
}

describe('step spans from a CSV', () => {
  it('imports a cohort of spans as one examiner’s, which clip scoring then uses', () => {
    const csv = [
      'recording,step_id,start_s,end_s',
      `${recs[0]},bmv.equipment_oxygen,0,6.5`,
      `${recs[0]},bmv.mask_seal,6.5,14`,
      `${lab.sha(recs[1]!)},bmv.ventilation,20,31.25`,
    ].join('\r\n');
    const r = run(csv);
    expect(r).toEqual({
      file: 'spans.csv',
      examiner: 'Dr Segmenter',
      newExaminer: true,
      spans: 3,
      recordings: 2,
      replaced: 0,
    });
    const target = loadScoringTarget(lab.ctx.db, recs[0]!);
    expect(loadStepSpans(lab.ctx.db, target).spans).toEqual([
      { stepId: 'bmv.equipment_oxygen', startS: 0, endS: 6.5 },
      { stepId: 'bmv.mask_seal', startS: 6.5, endS: 14 },
    ]);
    const audit = lab.ctx.db.prepare(`SELECT count(*) FROM audit_events WHERE entity = 'step_spans'`).pluck().get();
    expect(audit).toBe(2);

    // The review list shows how far each recording is segmented.
    const list = listReviewRecordings(lab.ctx.db, {});
    expect(list.items.map((i) => [i.id, i.spans]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [recs[0], { marked: 2, steps: 5 }],
      [recs[1], { marked: 1, steps: 5 }],
    ]);
    // Importing again replaces, never doubles.
    expect(run(csv).replaced).toBe(3);
  });

  it('keeps each examiner’s own spans apart, and shows an examiner theirs first', () => {
    run(['recording,step_id,start_s,end_s', `${recs[0]},bmv.mask_seal,5,9`].join('\n'), 'Dr Segmenter');
    const ann = Number(lab.ctx.db.prepare(`SELECT id FROM raters WHERE name = 'Dr Segmenter'`).pluck().get() as number);
    const bob = lab.examiner('Dr Bob');
    setStepSpan(lab.ctx.db, { recordingId: recs[0]!, examinerId: bob, stepId: 'bmv.mask_seal', startS: 6, endS: 10 });
    const rows = lab.ctx.db
      .prepare('SELECT rater_id, start_s, end_s, source FROM examiner_spans ORDER BY rater_id')
      .all();
    expect(rows).toEqual([
      { rater_id: ann, start_s: 5, end_s: 9, source: 'import' },
      { rater_id: bob, start_s: 6, end_s: 10, source: 'review' },
    ]);
    const spanFor = (examinerId: number) =>
      openReview(lab.ctx.db, { recordingId: recs[0]!, examinerId }).marking.spans.find(
        (s) => s.stepId === 'bmv.mask_seal',
      );
    expect(spanFor(ann)).toEqual({ stepId: 'bmv.mask_seal', startS: 5, endS: 9, mine: true });
    expect(spanFor(bob)).toEqual({ stepId: 'bmv.mask_seal', startS: 6, endS: 10, mine: true });
  });

  it('names the line of every bad span and writes nothing', () => {
    const csv = [
      'recording,step_id,start_s,end_s',
      `${recs[0]},bmv.mask_seal,6.5,14`,
      `${recs[0]},bmv.no_such_step,1,2`,
      `999,bmv.mask_seal,1,2`,
      `${recs[0]},bmv.ventilation,ten,20`,
      `${recs[0]},bmv.airway_opening,8,8`,
      `${recs[0]},bmv.equipment_oxygen,-1,3`,
      `${recs[1]},bmv.ventilation,50,75`,
      `${recs[0]},bmv.mask_seal,20,30`,
      `,bmv.mask_seal,1,2`,
    ].join('\n');
    expect(problems(csv)).toEqual([
      "line 3: step 'bmv.no_such_step' is not in rubric bmv v1 of recording 1",
      'line 4: no recording with id 999',
      "line 5: start_s 'ten' is not a number of seconds",
      'line 6: a span must end after it starts (start_s 8, end_s 8)',
      'line 7: start_s -1 is before the recording starts (0 s)',
      'line 8: end_s 75 is after recording 2 ends (60 s)',
      "line 9: recording 1, step 'bmv.mask_seal' is given twice (lines 2 and 9)",
      'line 10: empty recording (give the recording id or its sha256)',
    ]);
    expect(problems('recording,step,start_s\n1,a,2\n')).toEqual([
      'line 1: missing columns step_id, end_s (columns found: recording, step, start_s); the header is recording,step_id,start_s,end_s',
    ]);
  });
});
