import { describe, expect, it } from 'vitest';
import { candidateFromFileName, candidatePatternProblem } from './candidate-pattern';

describe('candidate code from a file name', () => {
  it('reads the code the pattern marks, without the extension', () => {
    expect(candidateFromFileName('{candidate}_*', '/videos/C-101_cpr.mp4')).toEqual({ kind: 'code', code: 'C-101' });
    expect(candidateFromFileName('{candidate}_*', 'C:\\exam\\C-102_cpr_take2.mov')).toEqual({
      kind: 'code',
      code: 'C-102',
    });
    expect(candidateFromFileName('station * - {candidate}', 'station 3 - S 017.webm')).toEqual({
      kind: 'code',
      code: 'S 017',
    });
    expect(candidateFromFileName('{candidate}', 'C-9.mp4')).toEqual({ kind: 'code', code: 'C-9' });
  });

  it('takes pattern text literally: dots and brackets are not regular expression syntax', () => {
    expect(candidateFromFileName('(a).{candidate}', '(a).C-1.mp4')).toEqual({ kind: 'code', code: 'C-1' });
    expect(candidateFromFileName('(a).{candidate}', 'xa-C-1.mp4')).toEqual({ kind: 'noMatch' });
  });

  it('says when a name does not match or what it reads is no candidate code', () => {
    expect(candidateFromFileName('cpr_{candidate}', 'aed_C-1.mp4')).toEqual({ kind: 'noMatch' });
    const long = `${'x'.repeat(70)}_cpr.mp4`;
    expect(candidateFromFileName('{candidate}_cpr', long)).toMatchObject({
      kind: 'invalid',
      problem: 'candidate code is longer than 64 characters',
    });
  });

  it('refuses patterns without exactly one {candidate} or with too many wildcards', () => {
    expect(candidatePatternProblem('')).toBe('empty');
    expect(candidatePatternProblem('C-*')).toBe('noPlaceholder');
    expect(candidatePatternProblem('{candidate}{candidate}')).toBe('twoPlaceholders');
    expect(candidatePatternProblem('*_*_*_*_*_{candidate}')).toBe('tooManyStars');
    expect(candidatePatternProblem('{candidate}_*')).toBeNull();
    expect(candidateFromFileName('C-*', 'C-1.mp4')).toEqual({ kind: 'noMatch' });
  });

  it('answers quickly on a long name that almost matches', () => {
    const started = Date.now();
    candidateFromFileName('*a*a*a*{candidate}b', `${'a'.repeat(250)}.mp4`);
    expect(Date.now() - started).toBeLessThan(200);
  });
});
