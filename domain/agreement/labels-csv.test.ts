import { describe, expect, it } from 'vitest';
import { LabelsFileError, assertRatersPresent, parseLabelsCsv } from './labels-csv';

const HEADER = 'recording_id,step_id,max_score,rater,score';

function errorOf(text: string): LabelsFileError {
  try {
    parseLabelsCsv(text, 'labels.csv');
  } catch (error) {
    if (error instanceof LabelsFileError) return error;
    throw error;
  }
  throw new Error('expected a LabelsFileError');
}

describe('labels CSV: accepted shapes', () => {
  it('reads BOM, CRLF, quoted fields, extra columns in any order and an optional station', () => {
    const text =
      '\uFEFFnote,Score,rater,max_score,step_id,recording_id,station\r\n' +
      '"first, with comma",1.5,"exp 1",2,s1,r1,CPR\r\n' +
      '"multi\nline note",2,exp2,2,s1,r1,\r\n';
    expect(parseLabelsCsv(text, 'l.csv')).toEqual([
      { recordingId: 'r1', stepId: 's1', maxScore: 2, rater: 'exp 1', score: 1.5, station: 'CPR' },
      { recordingId: 'r1', stepId: 's1', maxScore: 2, rater: 'exp2', score: 2 },
    ]);
  });

  it('skips blank lines and spreadsheet rows of empty cells', () => {
    const rows = parseLabelsCsv(`${HEADER}\n\nr1,s1,2,a,1\n,,,,\n`, 'l.csv');
    expect(rows).toHaveLength(1);
  });
});

describe('labels CSV: each error names file and line', () => {
  it('missing column (line 1)', () => {
    const e = errorOf('recording_id,step_id,rater,score\nr1,s1,a,1\n');
    expect(e.line).toBe(1);
    expect(e.message).toBe(
      'labels.csv, line 1: missing column max_score (columns found: recording_id, step_id, rater, score)',
    );
  });

  it('empty file', () => {
    expect(errorOf('').message).toMatch(/^labels\.csv, line 1: no header/);
  });

  it.each([
    ['r1,s1,2,a,abc', "score 'abc' is not a number"],
    ['r1,s1,2,a,-1', 'score -1 is negative'],
    ['r1,s1,2,a,2.5', 'score 2.5 is above max_score 2'],
    ['r1,s1,0,a,0', "max_score '0' is not a positive number"],
    ['r1,s1,two,a,1', "max_score 'two' is not a positive number"],
    // An extra field is a value split by an unquoted comma: refused like every CSV reader does (issue 12).
    ['r1,s1,2,a,1,5', 'has 6 fields but the header has 5 (a comma inside a value? put that value in double quotes)'],
    ['r1,,2,a,1', 'empty step_id'],
    ['r1,s1,2,,1', 'empty rater'],
    ['r1,s1,2,a', 'empty score'],
    ['r1,s1,2,a,"1', 'a quoted field is not closed'],
    ['"r1"x,s1,2,a,1', 'a quoted field has text after its closing quote (write "" for a quote inside a field)'],
  ])('%s', (row, message) => {
    const text = `${HEADER}\nr0,s1,2,a,2\n${row}\n`;
    if (message === null) {
      expect(parseLabelsCsv(text, 'labels.csv')).toHaveLength(2);
      return;
    }
    const e = errorOf(text);
    expect(e.line).toBe(3);
    expect(e.message).toBe(`labels.csv, line 3: ${message}`);
  });

  it('the same recording, step and rater twice names both lines', () => {
    const e = errorOf(`${HEADER}\nr1,s1,2,a,2\nr1,s1,2,b,1\nr1,s1,2,a,1\n`);
    expect(e.line).toBe(4);
    expect(e.message).toBe("labels.csv, line 4: recording 'r1', step 's1', rater 'a' is scored twice (lines 2 and 4)");
  });

  it('a different max_score for the same recording and step', () => {
    expect(errorOf(`${HEADER}\nr1,s1,2,a,2\nr1,s1,3,b,1\n`).message).toBe(
      "labels.csv, line 3: max_score 3 for recording 'r1', step 's1' differs from 2 on line 2",
    );
  });

  it('line numbers count physical lines, also after a quoted multi-line field and CRLF', () => {
    const text = `note,${HEADER}\r\n"a\r\nb",r1,s1,2,a,2\r\n\r\nx,r2,s1,2,a,9\r\n`;
    expect(errorOf(text).line).toBe(5);
  });
});

describe('requested raters', () => {
  const rows = parseLabelsCsv(`${HEADER}\nr1,s1,2,exp1,2\nr1,s1,2,gpt,1\n`, 'l.csv');

  it('passes when both raters have rows', () => {
    expect(() => assertRatersPresent(rows, ['exp1', 'gpt'], 'l.csv')).not.toThrow();
  });

  it('names the missing rater and the raters found', () => {
    expect(() => assertRatersPresent(rows, ['exp1', 'exp2'], 'l.csv')).toThrow(
      "l.csv: rater 'exp2' is not in the file (raters found: exp1, gpt)",
    );
  });
});
