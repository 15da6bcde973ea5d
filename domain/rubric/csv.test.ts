import { describe, expect, it } from 'vitest';
import { defaultAllowedScores, rubricFromChecklistCsv, slugify, type ChecklistImport } from './csv';
import type { Rubric } from './types';

const META = { id: 'cpr', title: 'CPR (imported)', station: 'CPR', fileName: 'cpr-sheet.csv' };

function imported(result: ChecklistImport): Rubric {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problems)}`);
  return result.rubric;
}

function problems(result: ChecklistImport) {
  if (result.ok) throw new Error('expected the import to fail');
  return result.problems;
}

describe('rubricFromChecklistCsv', () => {
  it('imports a plain LF file with defaults filled in', () => {
    const csv =
      'step,title,criteria,max_points\nscene safety,Scene safety,Checks the scene,1\ndepth,Depth,5 to 6 cm,4\n';
    const rubric = imported(rubricFromChecklistCsv(csv, META));
    expect(rubric).toMatchObject({ id: 'cpr', version: 1, title: 'CPR (imported)', station: 'CPR' });
    expect(rubric.description).toContain('cpr-sheet.csv');
    expect(rubric.steps).toEqual([
      {
        id: 'cpr.scene_safety',
        title: 'Scene safety',
        criteria: 'Checks the scene',
        max_points: 1,
        allowed_scores: [0, 1],
        typical_deductions: [],
        critical: false,
      },
      {
        id: 'cpr.depth',
        title: 'Depth',
        criteria: '5 to 6 cm',
        max_points: 4,
        allowed_scores: [0, 1, 2, 3, 4],
        typical_deductions: [],
        critical: false,
      },
    ]);
  });

  it('handles a BOM, CRLF, quoted commas and quotes, extra columns and header case', () => {
    const csv =
      '\uFEFFStep,Title,Criteria,Max_Points,Notes\r\n' +
      'airway,Airway,"Head tilt, chin lift; say ""open""",2,ignored\r\n' +
      '\r\n' +
      'cpr.rate,Rate,"100 to 120/min",2.5,\r\n';
    const rubric = imported(rubricFromChecklistCsv(csv, META));
    expect(rubric.steps.map((s) => s.id)).toEqual(['cpr.airway', 'cpr.rate']);
    expect(rubric.steps[0]?.criteria).toBe('Head tilt, chin lift; say "open"');
    expect(rubric.steps[1]?.allowed_scores).toEqual([0, 1, 2, 2.5]);
  });

  it('honours an optional critical column', () => {
    const csv = 'step,title,criteria,max_points,critical\na,A,c,1,yes\nb,B,c,1,TRUE\nc,C,c,1,1\nd,D,c,1,no\ne,E,c,1,\n';
    expect(imported(rubricFromChecklistCsv(csv, META)).steps.map((s) => s.critical)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(problems(rubricFromChecklistCsv('step,title,criteria,max_points,critical\na,A,c,1,maybe\n', META))).toEqual([
      { line: 2, message: "critical 'maybe' should be yes or no" },
    ]);
  });

  it('names the line of a bad max_points, counting multi-line quoted cells and blank lines', () => {
    const csv =
      'step,title,criteria,max_points\n' + // line 1
      'a,A,"first line\nsecond line",2\n' + // lines 2-3
      '\n' + // line 4
      'b,B,c,two\n' + // line 5
      'c,C,c,-1\n' + // line 6
      'd,D,c,1.25\n' + // line 7
      'e,E,c,\n'; // line 8
    expect(problems(rubricFromChecklistCsv(csv, META))).toEqual([
      { line: 5, message: "max_points 'two' is not a number" },
      { line: 6, message: "max_points '-1' is not a number" },
      { line: 7, message: 'max_points 1.25 must be a whole or half point above 0' },
      { line: 8, message: 'max_points is empty' },
    ]);
  });

  it('reports a missing column on the header line', () => {
    expect(problems(rubricFromChecklistCsv('step,title,max_points\na,A,1\n', META))).toEqual([
      { line: 1, message: "missing column 'criteria' (the header must include step, title, criteria, max_points)" },
    ]);
    const semicolons = problems(rubricFromChecklistCsv('step;title;criteria;max_points\na;A;c;1\n', META));
    expect(semicolons[0]?.message).toMatch(/semicolon/);
  });

  it('maps rubric problems back to CSV lines', () => {
    const csv = 'step,title,criteria,max_points\ndepth,Depth,c,4\nrate,Rate,,2\nDepth,Again,c,1\n';
    expect(problems(rubricFromChecklistCsv(csv, META))).toEqual([
      { line: 3, path: '$.steps[1].criteria', message: "step 2 ('cpr.rate'): criteria is blank" },
      { line: 4, path: '$.steps[2].id', message: "step id 'cpr.depth' is used twice (steps 1 and 3)" },
    ]);
  });

  it('rejects an empty file and a file with only a header', () => {
    expect(problems(rubricFromChecklistCsv('\uFEFF', META))).toEqual([{ message: 'cpr-sheet.csv is empty' }]);
    expect(problems(rubricFromChecklistCsv('step,title,criteria,max_points\r\n', META))).toEqual([
      { path: '$.steps', message: 'the rubric has no steps' },
    ]);
  });

  it('makes step ids: prefixes plain names, keeps dotted ids, not numbered items', () => {
    const csv =
      'step,title,criteria,max_points\nChest Compressions!,T,c,1\naed.pad_placement,T,c,1\n1.2,T,c,1\n胸外按压,T,c,1\n';
    expect(imported(rubricFromChecklistCsv(csv, META)).steps.map((s) => s.id)).toEqual([
      'cpr.chest_compressions',
      'aed.pad_placement',
      'cpr.1_2',
      'cpr.step_4',
    ]);
  });
});

describe('helpers', () => {
  it('defaultAllowedScores', () => {
    expect(defaultAllowedScores(1)).toEqual([0, 1]);
    expect(defaultAllowedScores(0.5)).toEqual([0, 0.5]);
    expect(defaultAllowedScores(2.5)).toEqual([0, 1, 2, 2.5]);
  });

  it('slugify folds accents and punctuation', () => {
    expect(slugify('  Réanimation — Depth (cm) ')).toBe('reanimation_depth_cm');
  });
});
