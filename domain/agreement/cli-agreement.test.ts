import { describe, expect, it } from 'vitest';
import { runAgreementCli } from './cli-agreement';

const GOOD = [
  'recording_id,step_id,max_score,rater,score',
  'r1,s1,2,exp,2',
  'r1,s1,2,gpt,1',
  'r1,s2,4,exp,0',
  'r1,s2,4,gpt,0',
  'r2,s1,2,exp,1',
  'r2,s1,2,gpt,1',
  'r2,s2,4,exp,4',
  'r2,s2,4,gpt,3',
].join('\n');

describe('osce agreement CLI core', () => {
  it('prints the agreement JSON and exits 0', () => {
    const out = runAgreementCli(GOOD, 'labels.csv', 'exp', 'gpt');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 7)).toEqual([
      'raters',
      'n_recordings',
      'n_steps',
      'overall',
      'step',
      'binary',
      'incomplete_recordings',
    ]);
    expect(json).toMatchObject({ n_recordings: 2, n_steps: 4, binary: { tp: 2, fp: 2, fn: 0, tn: 0 } });
  });

  it('single-line output on request, with bootstrap intervals', () => {
    const out = runAgreementCli(GOOD, 'labels.csv', 'exp', 'gpt', { pretty: false, bootstrap: 200, seed: 4 });
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out.stdout)).toHaveProperty('intervals.resamples', 200);
  });

  it('a malformed file exits 2 with nothing on stdout and the file and line on stderr', () => {
    const out = runAgreementCli(`${GOOD}\nr3,s1,2,exp,5`, 'labels.csv', 'exp', 'gpt');
    expect(out).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'labels.csv, line 10: score 5 is above max_score 2\n',
    });
  });

  it('an unknown rater exits 2 and lists the raters found', () => {
    const out = runAgreementCli(GOOD, 'labels.csv', 'exp', 'claude');
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe("labels.csv: rater 'claude' is not in the file (raters found: exp, gpt)\n");
  });

  it('the same rater twice exits 2', () => {
    const out = runAgreementCli(GOOD, 'labels.csv', 'exp', 'exp');
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/two different raters/);
  });
});
