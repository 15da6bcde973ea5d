import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../integrity/audit';
import { getRecordingFinals } from '../review/final-scores';
import { openLab, type Lab } from '../../tests/support/lab';
import { importExaminerMarks } from './marks';
import { MarksImportError } from './shared';

const BMV_STEPS = [
  'bmv.equipment_oxygen',
  'bmv.airway_opening',
  'bmv.mask_seal',
  'bmv.ventilation',
  'bmv.coordination_monitoring',
];

let lab: Lab;
let rec: number;
let other: number;

beforeEach(() => {
  lab = openLab();
  const session = lab.session('Paper day');
  const station = lab.station(session, 'BMV', 'bmv');
  rec = lab.recording({ session, station });
  other = lab.recording({ session, station });
});
afterEach(() => lab.close());

/** A full marking of `recording` by `rater`: header plus one line per step. */
function marking(recording: number, rater: string, overrides: Record<string, string> = {}): string[] {
  const max: Record<string, string> = {
    'bmv.equipment_oxygen': '2',
    'bmv.airway_opening': '2',
    'bmv.mask_seal': '4',
    'bmv.ventilation': '4',
    'bmv.coordination_monitoring': '2',
  };
  return BMV_STEPS.map((s) => `${recording},${s},${rater},${overrides[s] ?? max[s]}`);
}

const csv = (...lines: string[]) => ['recording_id,step_id,rater,score', ...lines].join('\n') + '\n';

function problems(text: string): string[] {
  const before = lab.ctx.db
    .prepare(
      'SELECT (SELECT count(*) FROM step_scores) + (SELECT count(*) FROM markings) + (SELECT count(*) FROM audit_events)',
    )
    .pluck()
    .get();
  try {
    importExaminerMarks(lab.ctx.db, text, 'marks.csv', { actor: 'test' });
  } catch (err) {
    expect(err).toBeInstanceOf(MarksImportError);
    // All or nothing: a refused file leaves no trace.
    const after = lab.ctx.db
      .prepare(
        'SELECT (SELECT count(*) FROM step_scores) + (SELECT count(*) FROM markings) + (SELECT count(*) FROM audit_events)',
      )
      .pluck()
      .get();
    expect(after).toBe(before);
    return (err as MarksImportError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('the file was imported but should have been refused');
}

describe('examiner marks import', () => {
  it('stores each (recording, examiner) as a submitted marking with audited import scores', () => {
    const text =
      '\uFEFF' +
      csv(...marking(rec, 'Dr Paper', { 'bmv.mask_seal': '2' }), ...marking(rec, 'Dr Ink')).replace(/\n/g, '\r\n');
    const r = importExaminerMarks(lab.ctx.db, text, 'marks.csv', { actor: 'test' });
    expect(r).toMatchObject({
      markings: 2,
      scores: 10,
      recordings: 1,
      examiners: ['Dr Ink', 'Dr Paper'],
      newExaminers: ['Dr Paper', 'Dr Ink'],
    });
    const f = getRecordingFinals(lab.ctx.db, rec)!;
    expect(f.status).toBe('disagreement');
    expect(f.steps.find((s) => s.stepId === 'bmv.mask_seal')!.state).toBe('disagreement');
    const sources = lab.ctx.db.prepare('SELECT DISTINCT source FROM step_scores').pluck().all();
    expect(sources).toEqual(['import']);
    const audit = lab.ctx.db
      .prepare(`SELECT count(*) FROM audit_events WHERE action = 'import' AND entity = 'marking'`)
      .pluck()
      .get();
    expect(audit).toBe(2);
    expect(verifyAudit(lab.ctx.db).ok).toBe(true);
  });

  it('accepts sha256 instead of the recording id, not-assessable steps and comments', () => {
    const sha = lab.sha(rec);
    const lines = marking(rec, 'Dr Paper').map((l) => l.replace(`${rec},`, `${sha.toUpperCase()},`) + ',');
    lines[1] = `${sha},bmv.airway_opening,Dr Paper,,yes,"camera moved, chin not visible"`;
    const text = ['sha256,step_id,rater,score,not_assessable,comment', ...lines].join('\n');
    expect(importExaminerMarks(lab.ctx.db, text, 'marks.csv', { actor: 'test' }).scores).toBe(5);
    const na = lab.ctx.db
      .prepare(
        `SELECT score, not_assessable, not_assessable_reason FROM step_scores WHERE step_id = 'bmv.airway_opening'`,
      )
      .get();
    expect(na).toEqual({ score: null, not_assessable: 1, not_assessable_reason: 'camera moved, chin not visible' });
  });

  it('names the line of every bad row and imports nothing', () => {
    const good = marking(rec, 'Dr A');
    const text = csv(
      ...good.slice(0, 4),
      `${rec},bmv.coordination_monitoring,Dr A,1.5`, // line 6: not an allowed score (0, 1, 2)
      `${rec},bmv.nope,Dr A,1`, // 7
      `999,bmv.mask_seal,Dr A,2`, // 8
      `x1,bmv.mask_seal,Dr A,2`, // 9
      `${rec},bmv.mask_seal,Dr A,2`, // 10: duplicate of line 4
      `${rec},bmv.ventilation,,2`, // 11
      `${rec},bmv.ventilation,Dr B,five`, // 12
      `${rec},bmv.ventilation,Dr B,-1`, // 13
      `${rec},bmv.ventilation,Dr B,6`, // 14
      `${rec},bmv.ventilation,Dr B,`, // 15
    );
    expect(problems(text)).toEqual([
      "line 6: step 'bmv.coordination_monitoring': score 1.5 is not allowed for this step (allowed: 0, 1, 2)",
      "line 7: step 'bmv.nope' is not in rubric bmv v1 of recording 1",
      'line 8: no recording with id 999',
      "line 9: recording_id 'x1' is not a whole number",
      "line 10: recording 1, step 'bmv.mask_seal', rater 'Dr A' is marked twice (lines 4 and 10)",
      'line 11: empty rater',
      "line 12: score 'five' is not a number",
      "line 13: step 'bmv.ventilation': score -1 is outside 0..4",
      "line 14: step 'bmv.ventilation': score 6 is outside 0..4",
      'line 15: empty score (leave it empty only with not_assessable = 1)',
    ]);
  });

  it('refuses an incomplete marking, an examiner who already marked the recording, and mismatched references', () => {
    lab.mark(other, lab.examiner('Dr Done'), lab.scores(other));
    const sha = lab.sha(other);
    const text = [
      'recording_id,sha256,step_id,rater,score,not_assessable',
      ...marking(rec, 'Dr A')
        .slice(0, 3)
        .map((l) => l.replace(`${rec},`, `${rec},,`) + ','), // lines 2-4: two steps missing
      ...marking(other, 'Dr Done').map((l) => l.replace(`${other},`, `${other},,`) + ','), // lines 5-9
      `${rec},${sha},bmv.mask_seal,Dr C,2,`, // 10
      `${rec},,bmv.mask_seal,Dr C,2,maybe`, // 11
      `${rec},,bmv.mask_seal,Dr D,2,1`, // 12
      `${rec},abc,bmv.mask_seal,Dr D,2,`, // 13
    ].join('\n');
    expect(problems(text)).toEqual([
      "line 2: rater 'Dr A' marks recording 1 without steps bmv.ventilation, bmv.coordination_monitoring; a marking must cover every step",
      "line 5: rater 'Dr Done' already has a marking of recording 2 in the app (submitted); it is not overwritten",
      `line 10: recording_id ${rec} and sha256 ${sha.slice(0, 12)}… name different recordings`,
      "line 11: not_assessable 'maybe' is not one of 1, 0, true, false, yes, no",
      'line 12: a step marked not_assessable must have an empty score',
      "line 13: sha256 'abc' is not 64 hexadecimal characters",
    ]);
  });

  it('refuses a file without the needed columns, an empty file and an unclosed quote', () => {
    expect(problems('recording,step,score\n1,a,2\n')).toEqual([
      'line 1: missing columns recording_id or sha256, step_id, rater (columns found: recording, step, score)',
    ]);
    expect(problems('recording_id,step_id,rater,score\n')).toEqual(['line 2: no marks: the file has a header only']);
    expect(problems(csv(`${rec},bmv.mask_seal,"Dr A,2`))[0]).toMatch(/^line 2: a quoted field is not closed/);
  });
});

describe('marks CSV as untrusted input (issue 12, finding 8)', () => {
  it('refuses a Latin-1 file instead of storing "Dr M\\uFFFDller", naming the line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readCsvFile } = await import('../core/csv-file');
    const file = join(mkdtempSync(join(tmpdir(), 'osce-csv-')), 'marks.csv');
    writeFileSync(file, Buffer.from(csv(...marking(rec, 'Dr Müller')), 'latin1'));
    expect(() => readCsvFile(file)).toThrow(/is not UTF-8 text \(line 2 /);
    expect(lab.ctx.db.prepare(`SELECT count(*) FROM raters WHERE name LIKE 'Dr M%'`).pluck().get()).toBe(0);
  });

  it('refuses a row with an extra unquoted comma instead of cutting the comment short', () => {
    const text = [
      'recording_id,step_id,rater,score,comment',
      ...marking(rec, 'Dr Ink').map((l, i) => (i === 0 ? `${l},ok, but slow` : `${l},`)),
    ].join('\n');
    expect(problems(text)).toEqual([
      'line 2: has 6 fields but the header has 5 (a comma inside a value? put that value in double quotes)',
    ]);
  });

  it('cuts an echoed 5 MB value to a short excerpt', () => {
    const huge = 'x'.repeat(5_000_000);
    const found = problems(csv(...marking(rec, 'Dr Ink', { 'bmv.mask_seal': huge })));
    expect(found).toHaveLength(1);
    expect(found[0]!.length).toBeLessThan(200);
    expect(found[0]).toContain('(5000000 characters)');
  });
});
