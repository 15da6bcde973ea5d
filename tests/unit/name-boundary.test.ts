/**
 * Security review A9: one rule for the names people and files bring in (examiners, candidates,
 * sessions, stations): not empty, a sane length, and no character that drives a terminal or
 * reorders text (ESC, CR, the other C0 and C1 controls, DEL, line separators, bidi overrides).
 * Every way in uses it: the marks CSV, the import manifest, adding an examiner in the app, and
 * the contract's own check of a call. A refused name is never echoed raw, and a session whose
 * names passed can always be exported and merged (the bundle check applies the same rule).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCallArgs } from '../../contract/validate';
import { nameProblem, terminalSafe } from '../../domain/names';
import { excerpt } from '../../domain/csv/rows';
import { importExaminerMarks } from '../../services/label-import/marks';
import { MarksImportError } from '../../services/label-import/shared';
import { parseManifest } from '../../services/recordings/manifest';
import { ManifestError } from '../../services/recordings/errors';
import { addExaminer } from '../../services/review/examiners';
import { openLab, type Lab } from '../support/lab';

const HOSTILE = ['Dr \u001b[31mX\rY', 'Dr X\u0085', 'Dr \u202eX', 'Dr X\u2028Y', 'Dr X\u007f'];
const STEPS = ['bmv.equipment_oxygen', 'bmv.airway_opening', 'bmv.mask_seal', 'bmv.ventilation'];

let lab: Lab;
let rec: number;
beforeEach(() => {
  lab = openLab();
  const session = lab.session('Names day');
  rec = lab.recording({ session, station: lab.station(session, 'BMV', 'bmv') });
});
afterEach(() => lab.close());

const marksCsv = (rater: string) =>
  [
    'recording_id,step_id,rater,score',
    ...STEPS.map((s) => `${rec},${s},"${rater}",2`),
    `${rec},bmv.coordination_monitoring,"${rater}",1`,
  ].join('\n');

describe('one name rule at every way in (security review A9)', () => {
  it('the marks CSV refuses a rater name with control characters, naming the line, echoing nothing raw', () => {
    for (const name of HOSTILE) {
      let err: unknown;
      try {
        importExaminerMarks(lab.ctx.db, marksCsv(name), 'marks.csv', { actor: 'test' });
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(name)).toBeInstanceOf(MarksImportError);
      expect((err as Error).message).toMatch(/line 2: examiner name contains control characters/);
      expect((err as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
    }
    expect(lab.ctx.db.prepare(`SELECT count(*) FROM raters WHERE kind = 'examiner'`).pluck().get()).toBe(0);
  });

  it('adding an examiner in the app refuses them, in the backend and in the contract', () => {
    for (const name of HOSTILE) {
      expect(() => addExaminer(lab.ctx.db, name, 'test')).toThrow(/examiner name contains control characters/);
      expect(() => parseCallArgs('addExaminer', [{ name }])).toThrow(/examiner name contains control characters/);
    }
    expect(() => parseCallArgs('addExaminer', [{ name: 'x'.repeat(121) }])).toThrow(/at most 120 characters/);
    expect(addExaminer(lab.ctx.db, '  Dr   Müller ', 'test').name).toBe('Dr Müller');
  });

  it('the manifest and the import call refuse such candidate codes and session names', () => {
    const known = { knownStations: new Set(['bmv']) };
    let err: unknown;
    try {
      parseManifest(`file,candidate,session\na.mp4,C-1\u0085,S\u202e1\n`, '/exams/m.csv', known);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).issues.map((i) => i.message)).toEqual([
      'candidate code contains control characters',
      'session name contains control characters',
    ]);
    expect(() => parseCallArgs('importRecordings', ['op-12345678', { paths: [], examiners: ['A\u001bB'] }])).toThrow(
      /examiner name contains control characters/,
    );
  });

  it('the rule itself: names people write pass, and messages show control characters as escapes', () => {
    for (const ok of ['Dr Müller', 'Ó Súilleabháin', 'د. أحمد', '李医生', "O'Brien-Smith"])
      expect(nameProblem('examiner', ok)).toBeNull();
    expect(nameProblem('examiner', '   ')).toBe('examiner name is empty');
    expect(nameProblem('candidate', 'C'.repeat(65))).toBe('candidate code is longer than 64 characters');
    expect(excerpt('Dr \u001b[31mX\rY')).toBe('Dr \\u001b[31mX Y');
  });
});

describe('what the command line prints (security review A9)', () => {
  it('a value echoed back in a message has its control characters escaped, line breaks kept', async () => {
    const { osce } = await import('../support/run-cli');
    const r = osce(['rubric', 'show', 'x\u001b[2Jy', '--db', lab.ctx.dbPath]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('x\\u001b[2Jy');
    expect(r.stderr).not.toContain('\u001b');
    expect(terminalSafe('a\u001b[2Jb\rc\r\nd\te\n')).toBe('a\\u001b[2Jb\\u000dc\r\nd\te\n');
  });
});
