import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { osce } from '../tests/support/run-cli';

const fixtures = resolve(import.meta.dirname, '..', 'tests', 'reference', 'fixtures');

describe('osce agreement', () => {
  it('prints the JSON the issue specifies', () => {
    const r = osce(['agreement', '--labels', join(fixtures, 'normal.csv'), '--a', 'expert1', '--b', 'model', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 7)).toEqual([
      'raters',
      'n_recordings',
      'n_steps',
      'overall',
      'step',
      'binary',
      'incomplete_recordings',
    ]);
    expect(j.raters).toEqual({ a: 'expert1', b: 'model' });
    expect(j.step.confusion).toHaveLength(4);
    for (const k of ['tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'mcc']) expect(j.binary).toHaveProperty(k);
  });

  it('prints a readable summary without --json', () => {
    const r = osce(['agreement', '--labels', join(fixtures, 'normal.csv'), '--a', 'expert1', '--b', 'expert2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/overall PLCC\s+0\.\d{3}/);
  });

  it('exits 2 naming the line of a malformed file and prints nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-agree-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'recording_id,step_id,max_score,rater,score\nr1,s1,2,a,2\nr1,s1,2,b,3\n');
    const r = osce(['agreement', '--labels', file, '--a', 'a', '--b', 'b', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.csv, line 3: score 3 is above max_score 2/);
    const missing = osce(['agreement', '--labels', join(dir, 'nope.csv'), '--a', 'a', '--b', 'b']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: no such file/);
  });

  it('exits 2 for a missing required flag', () => {
    const r = osce(['agreement', '--a', 'x', '--b', 'y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--labels/);
  });
});
