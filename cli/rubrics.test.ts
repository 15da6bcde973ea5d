import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Rubric } from '../domain/rubric/types';
import { useRubricVersion } from '../tests/support/rubric-usage';

const root = resolve(import.meta.dirname, '..');
/** Runs the real `osce` bin the way `npx osce` does. */
function osce(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'osce-cli-rubrics-'));
  return { dir, db: join(dir, 'exam.sqlite') };
}
function showJson(db: string, id: string, ...extra: string[]): Rubric {
  const r = osce(['rubric', 'show', id, '--json', '--db', db, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Rubric;
}

describe('osce rubrics / rubric show', () => {
  const { db } = freshDb();

  it.each([
    ['cpr', 19],
    ['aed', 9],
    ['bmv', 5],
  ])('rubric show %s --json lists %i steps with every field filled', (id, steps) => {
    const rubric = showJson(db, id);
    expect(rubric.id).toBe(id);
    expect(rubric.steps).toHaveLength(steps);
    for (const field of ['title', 'station', 'description'] as const) expect(rubric[field].trim()).not.toBe('');
    for (const step of rubric.steps) {
      expect(step.id.trim(), step.id).not.toBe('');
      expect(step.title.trim(), step.id).not.toBe('');
      expect(step.criteria.trim(), step.id).not.toBe('');
      expect(step.max_points, step.id).toBeGreaterThan(0);
      expect(step.allowed_scores, step.id).toContain(0);
      expect(step.allowed_scores, step.id).toContain(step.max_points);
      expect(step.typical_deductions.length, step.id).toBeGreaterThan(0);
      for (const d of step.typical_deductions) expect(d.reason.trim() && d.points > 0, step.id).toBeTruthy();
      expect(typeof step.critical, step.id).toBe('boolean');
    }
  });

  it('rubric show prints every field of every step, overrides and critical steps included', () => {
    const r = osce(['rubric', 'show', 'aed', '--db', db]);
    expect(r.code).toBe(0);
    for (const label of [
      'title:',
      'criteria:',
      'max points:',
      'allowed scores:',
      'typical deductions:',
      'critical:',
      'categories:',
    ]) {
      expect(
        r.stdout.split('\n').filter((l) => l.trimStart().startsWith(label)),
        label,
      ).toHaveLength(9);
    }
    expect(r.stdout).toMatch(/aed\.clear_for_shock {2}\[CRITICAL\]/);
    expect(r.stdout).toContain('0→3  1→2  2→0  (overridden by this rubric)');
  });

  it('rubrics lists id, version, steps, total points and title', () => {
    const r = osce(['rubrics', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^ID\s+VERSION\s+STEPS\s+POINTS\s+SOURCE\s+TITLE$/);
    expect(r.stdout).toMatch(/^cpr\s+v1\s+19\s+50\s+built-in\s+Adult cardiopulmonary resuscitation/m);
    expect(r.stdout).toMatch(/^aed\s+v1\s+9\s+21\s/m);
    expect(r.stdout).toMatch(/^bmv\s+v1\s+5\s+14\s/m);
    const json = JSON.parse(osce(['rubrics', '--json', '--db', db]).stdout) as { id: string; stepCount: number }[];
    expect(json.map((x) => [x.id, x.stepCount])).toEqual([
      ['cpr', 19],
      ['aed', 9],
      ['bmv', 5],
    ]);
  });

  it('refuses bad usage with exit 2 and says what is wrong', () => {
    expect(osce(['rubric', 'show', 'cpr', '--version', 'two', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--version must be a whole number from 1, got 'two'"),
    });
    expect(osce(['rubric', 'import', join(tmpdir(), 'no-such-rubric.json'), '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such file'),
    });
    expect(osce(['rubric', 'show', 'nope', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Rubric 'nope' was not found"),
    });
  });
});

describe('osce rubric import', () => {
  it('imports a rubric JSON, then freezes it and imports an edit as version 2', () => {
    const { dir, db } = freshDb();
    const rubric = { ...showJson(db, 'bmv'), id: 'airway-lab', title: 'Airway lab' };
    const file = join(dir, 'airway-lab.json');
    writeFileSync(file, JSON.stringify(rubric, null, 2));
    const first = osce(['rubric', 'import', file, '--db', db]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Imported airway-lab (Airway lab) as version 1, 5 steps.');

    const raw = new Database(db);
    useRubricVersion(raw, 'step_scores', 'airway-lab', 1);
    raw.close();
    rubric.steps[0]!.criteria = 'Checks the bag, the valve and the oxygen supply before starting.';
    writeFileSync(file, JSON.stringify(rubric));
    const second = osce(['rubric', 'import', file, '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      id: 'airway-lab',
      version: 2,
      outcome: 'new-version',
      previousVersion: 1,
      reason: 'in-use',
    });

    expect(showJson(db, 'airway-lab', '--version', '1').steps[0]!.criteria).not.toBe(rubric.steps[0]!.criteria);
    expect(showJson(db, 'airway-lab').steps[0]!.criteria).toBe(rubric.steps[0]!.criteria);
    expect(osce(['rubrics', '--db', db]).stdout).toMatch(/^airway-lab\s+v2\s+5\s+14\s+custom\s+Airway lab$/m);
    // The same file again changes nothing.
    expect(osce(['rubric', 'import', file, '--db', db]).stdout).toContain(
      'version 2 already has this content; nothing changed',
    );
  });

  it('refuses an invalid rubric JSON with exit 1 and one line per problem naming the file and JSON path', () => {
    const { dir, db } = freshDb();
    const rubric = showJson(db, 'bmv');
    rubric.id = 'broken';
    rubric.steps[2]!.allowed_scores = [0, 2, 4, 5];
    rubric.steps[1]!.id = rubric.steps[0]!.id;
    rubric.steps[4]!.criteria = '';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(rubric));
    const r = osce(['rubric', 'import', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${file}: $.steps[1].id: step id 'bmv.equipment_oxygen' is used twice (steps 1 and 2)`,
      `${file}: $.steps[2].allowed_scores[3]: step 3 ('bmv.mask_seal'): allowed score 5 is above the step's maximum of 4`,
      `${file}: $.steps[4].criteria: step 5 ('bmv.coordination_monitoring'): criteria is blank`,
      // The Chinese text still words the step whose id was overwritten.
      `${file}: $.translations['zh-CN'].steps['bmv.airway_opening']: the Chinese (zh-CN) text has words for 'bmv.airway_opening', which is not a step id of this rubric`,
    ]);
    expect(osce(['rubric', 'show', 'broken', '--db', db]).code).toBe(1);
  });

  it('imports a checklist CSV with its id and title from the options or the file name, and names bad lines', () => {
    const { dir, db } = freshDb();
    const good = join(dir, 'Station 7 airway.csv');
    writeFileSync(
      good,
      'step,title,criteria,max_points,critical\nopen,Open airway,Head tilt and chin lift,2,no\nseal,Mask seal,E-C clamp without leak,4,yes\n',
    );
    expect(osce(['rubric', 'import', good, '--db', db]).stdout).toContain(
      'Imported station_7_airway (Station 7 airway) as version 1, 2 steps.',
    );
    const named = osce(['rubric', 'import', good, '--id', 'airway7', '--title', 'Airway (station 7)', '--db', db]);
    expect(named.stdout).toContain('Imported airway7 (Airway (station 7)) as version 1, 2 steps.');
    const shown = showJson(db, 'airway7');
    expect(shown.station).toBe('Airway (station 7)');
    expect(shown.steps.map((s) => [s.id, s.critical])).toEqual([
      ['airway7.open', false],
      ['airway7.seal', true],
    ]);

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'step,title,criteria,max_points\nopen,Open airway,Head tilt,2\nseal,Mask seal,E-C clamp,2.25\nlook,Look,,1\n',
    );
    const r = osce(['rubric', 'import', bad, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${bad}, line 3: max_points 2.25 must be a whole or half point above 0`,
      `${bad}, line 4: step 2 ('bad.look'): criteria is blank`,
    ]);
    expect(osce(['rubric', 'import', good, '--id', 'x', '--db', db]).code).toBe(0);
    const jsonWithCsvFlag = join(dir, 'r.json');
    writeFileSync(jsonWithCsvFlag, JSON.stringify(shown));
    expect(osce(['rubric', 'import', jsonWithCsvFlag, '--id', 'y', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--id, --title and --station are for CSV'),
    });
  });
});
