import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRubric, builtinRubrics } from '../../domain/rubric/builtin';
import { rubricContentHash } from '../../domain/rubric/hash';
import type { Rubric } from '../../domain/rubric/types';
import { useRubricVersion, type RubricUsingTable } from '../../tests/support/rubric-usage';
import { verifyAudit } from '../integrity/audit';
import { openServiceContext } from '../backend/open';
import type { ServiceContext } from '../core/context';
import { NotFoundError } from '../core/errors';
import type { Logger } from '../core/log';
import { importRubricFile } from './rubric-file';
import { getRubric, InvalidRubricError, isFrozen, listRubrics, RubricIdTakenError, saveRubric } from './store';
import { refreshBuiltinTranslations, seedBuiltinRubrics } from './seed';

const quiet: Logger = { info() {}, warn() {}, error() {} };
let dir: string;
let ctx: ServiceContext;
let close: () => void;

function open() {
  const opened = openServiceContext({ dbPath: join(dir, 'exam.sqlite'), appVersion: 'test', logger: quiet });
  ctx = opened.ctx;
  close = opened.close;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'osce-rubrics-'));
  open();
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const actor = 'test';
const count = (sql: string, ...params: unknown[]) =>
  ctx.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;
const auditCount = () => count(`SELECT count(*) FROM audit_events WHERE entity = 'rubric'`);
const storedBody = (id: string, version: number) =>
  ctx.db.prepare('SELECT body FROM rubrics WHERE id = ? AND version = ?').pluck().get(id, version) as string;

/** A lab's own rubric made from the BMV built-in. */
function custom(id = 'airway-lab'): Rubric {
  return { ...builtinRubric('bmv')!, id, title: 'Airway lab checklist', version: 1 };
}
function edited(rubric: Rubric, criteria = 'Changed criteria text for this test.'): Rubric {
  const copy = structuredClone(rubric);
  copy.steps[0]!.criteria = criteria;
  return copy;
}

describe('seeding the built-in rubrics', () => {
  it('stores CPR, AED and BMV at version 1 once, however often the database is opened', () => {
    const rows = ctx.db.prepare('SELECT id, version, builtin FROM rubrics ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'aed', version: 1, builtin: 1 },
      { id: 'bmv', version: 1, builtin: 1 },
      { id: 'cpr', version: 1, builtin: 1 },
    ]);
    expect(count(`SELECT count(*) FROM audit_events WHERE action = 'seed'`)).toBe(3);
    close();
    open();
    expect(count('SELECT count(*) FROM rubrics')).toBe(3);
    expect(count(`SELECT count(*) FROM audit_events WHERE action = 'seed'`)).toBe(3);
  });

  it('adds a built-in whose text changed in a new release as a new version and leaves the old one alone', () => {
    const before = storedBody('cpr', 1);
    const release2 = edited(builtinRubric('cpr')!, 'Revised guideline wording for the new release.');
    expect(seedBuiltinRubrics(ctx.db, [release2])).toEqual([{ id: 'cpr', version: 2 }]);
    expect(storedBody('cpr', 1)).toBe(before);
    expect(getRubric(ctx.db, 'cpr')).toMatchObject({
      version: 2,
      builtin: true,
      contentHash: rubricContentHash(release2),
    });
    expect(seedBuiltinRubrics(ctx.db, [release2])).toEqual([]);
  });

  it('puts a changed built-in after the lab’s own versions when its version number is taken', () => {
    saveRubric(ctx.db, edited(builtinRubric('cpr')!), { actor }); // the lab's cpr v2
    const release = { ...edited(builtinRubric('cpr')!, 'Release wording.'), version: 2 };
    expect(seedBuiltinRubrics(ctx.db, [release])).toEqual([{ id: 'cpr', version: 3 }]);
    expect(getRubric(ctx.db, 'cpr', 2).builtin).toBe(false);
    expect(getRubric(ctx.db, 'cpr', 3).builtin).toBe(true);
  });
});

describe('listing and reading rubrics', () => {
  it('lists the built-ins first with step counts and total points', () => {
    saveRubric(ctx.db, custom('a-first-by-name'), { actor });
    const list = listRubrics(ctx.db);
    expect(list.map((r) => [r.id, r.version, r.stepCount, r.totalPoints, r.builtin])).toEqual([
      ['cpr', 1, 19, 50, true],
      ['aed', 1, 9, 21, true],
      ['bmv', 1, 5, 14, true],
      ['a-first-by-name', 1, 5, 14, false],
    ]);
  });

  it('lists every version newest first and says which are in use', () => {
    useRubricVersion(ctx.db, 'step_scores', 'cpr', 1, { id: 'aed', version: 1 });
    saveRubric(ctx.db, edited(builtinRubric('cpr')!), { actor });
    const cpr = listRubrics(ctx.db).find((r) => r.id === 'cpr')!;
    expect(cpr.version).toBe(2);
    expect(cpr.versions.map((v) => [v.version, v.builtin, v.inUse])).toEqual([
      [2, false, false],
      [1, true, true],
    ]);
  });

  it('gets the latest or a named version, and names what is missing', () => {
    expect(getRubric(ctx.db, 'aed')).toMatchObject({ version: 1, latestVersion: 1, builtin: true, inUse: false });
    expect(getRubric(ctx.db, 'aed').rubric.steps).toHaveLength(9);
    expect(() => getRubric(ctx.db, 'nope')).toThrow(NotFoundError);
    expect(() => getRubric(ctx.db, 'aed', 7)).toThrow(/Version 7 of rubric 'aed' was not found/);
  });
});

describe('freezing', () => {
  const tables: RubricUsingTable[] = ['step_scores', 'markings', 'adjudications', 'model_runs', 'stations'];
  for (const table of tables) {
    it(`a version used by ${table} is frozen; an edit becomes a new version and the row keeps pointing at the old one`, () => {
      saveRubric(ctx.db, custom(), { actor });
      expect(isFrozen(ctx.db, 'airway-lab', 1)).toBe(false);
      useRubricVersion(ctx.db, table, 'airway-lab', 1);
      expect(isFrozen(ctx.db, 'airway-lab', 1)).toBe(true);
      expect(isFrozen(ctx.db, 'bmv', 2)).toBe(false);

      const before = storedBody('airway-lab', 1);
      const saved = saveRubric(ctx.db, edited(custom()), { actor });
      expect(saved).toMatchObject({
        version: 2,
        created: true,
        outcome: 'new-version',
        previousVersion: 1,
        reason: 'in-use',
      });
      expect(storedBody('airway-lab', 1)).toBe(before);
      expect(count(`SELECT count(*) FROM ${table} WHERE rubric_id = 'airway-lab' AND rubric_version = 1`)).toBe(1);
      expect(isFrozen(ctx.db, 'airway-lab', 2)).toBe(false);
    });
  }
});

describe('saving an edited rubric', () => {
  it('stores a new rubric, then treats identical content as no change', () => {
    const first = saveRubric(ctx.db, custom(), { actor });
    expect(first).toMatchObject({ version: 1, created: true, outcome: 'new-rubric' });
    const events = auditCount();
    // Same content, different key order and version label: still the same rubric.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    const reordered = { ...(reversed(custom()) as Rubric), version: 4 };
    expect(Object.keys(reordered.steps[0]!)[0]).not.toBe('id');
    expect(saveRubric(ctx.db, reordered, { actor })).toMatchObject({
      version: 1,
      created: false,
      outcome: 'unchanged',
    });
    expect(auditCount()).toBe(events);
  });

  it('changes a lab’s own unused version in place and keeps the old text in the audit trail', () => {
    saveRubric(ctx.db, custom(), { actor });
    const saved = saveRubric(ctx.db, edited(custom()), { actor });
    expect(saved).toMatchObject({ version: 1, created: false, outcome: 'updated' });
    expect(count(`SELECT count(*) FROM rubrics WHERE id = 'airway-lab'`)).toBe(1);
    expect(getRubric(ctx.db, 'airway-lab').rubric.steps[0]!.criteria).toBe('Changed criteria text for this test.');
    const event = ctx.db.prepare(`SELECT before FROM audit_events WHERE action = 'update'`).pluck().get() as string;
    expect(JSON.parse(event).body.steps[0].criteria).toBe(custom().steps[0]!.criteria);
    expect(verifyAudit(ctx.db)).toMatchObject({ ok: true });
  });

  it('never changes a built-in: an edit of CPR becomes the lab’s version 2', () => {
    const before = storedBody('cpr', 1);
    const saved = saveRubric(ctx.db, edited(builtinRubric('cpr')!), { actor });
    expect(saved).toMatchObject({ version: 2, outcome: 'new-version', previousVersion: 1, reason: 'builtin' });
    expect(storedBody('cpr', 1)).toBe(before);
    expect(getRubric(ctx.db, 'cpr', 2).builtin).toBe(false);
  });

  it('an edit that started from an older version does not overwrite the newer one', () => {
    saveRubric(ctx.db, custom(), { actor });
    useRubricVersion(ctx.db, 'markings', 'airway-lab', 1);
    saveRubric(ctx.db, edited(custom(), 'Version two text.'), { actor }); // v2, unused
    const fromV1 = saveRubric(ctx.db, edited(custom(), 'Edited from version one.'), { actor });
    expect(fromV1).toMatchObject({ version: 3, outcome: 'new-version', reason: 'older-version' });
    expect(getRubric(ctx.db, 'airway-lab', 2).rubric.steps[0]!.criteria).toBe('Version two text.');
    const fromV3 = saveRubric(ctx.db, { ...edited(custom(), 'Edited from version three.'), version: 3 }, { actor });
    expect(fromV3).toMatchObject({ version: 3, outcome: 'updated' });
  });

  it('refuses a duplicate under an id that is taken, naming the id field', () => {
    const err = catchError(() => saveRubric(ctx.db, custom('bmv'), { actor, asNew: true }));
    expect(err).toBeInstanceOf(RubricIdTakenError);
    expect((err as RubricIdTakenError).issues).toEqual([
      { path: '$.id', message: expect.stringContaining("'bmv' already exists") },
    ]);
  });

  const invalid: [string, (r: Rubric) => unknown, string, RegExp][] = [
    [
      'an allowed score above the maximum',
      (r) => ((r.steps[2]!.allowed_scores = [0, 2, 4, 5]), r),
      '$.steps[2].allowed_scores[3]',
      /above the step's maximum of 4/,
    ],
    [
      'a negative allowed score',
      (r) => ((r.steps[1]!.allowed_scores = [-1, 0, 1, 2]), r),
      '$.steps[1].allowed_scores[0]',
      /negative/,
    ],
    ['duplicate step ids', (r) => ((r.steps[3]!.id = r.steps[0]!.id), r), '$.steps[3].id', /used twice/],
    ['no steps', (r) => ((r.steps = []), r), '$.steps', /no steps/],
    [
      'missing criteria',
      (r) => (delete (r.steps[4] as Partial<Rubric['steps'][number]>).criteria, r),
      '$.steps[4].criteria',
      /missing/,
    ],
    ['blank criteria', (r) => ((r.steps[0]!.criteria = '  '), r), '$.steps[0].criteria', /blank/],
  ];
  for (const [what, spoil, path, message] of invalid) {
    it(`refuses ${what} with its JSON path and writes nothing`, () => {
      const rows = count('SELECT count(*) FROM rubrics');
      const events = auditCount();
      const err = catchError(() => saveRubric(ctx.db, spoil(custom()), { actor }));
      expect(err).toBeInstanceOf(InvalidRubricError);
      const issue = (err as InvalidRubricError).issues.find((i) => i.path === path);
      expect(issue?.message, JSON.stringify((err as InvalidRubricError).issues)).toMatch(message);
      expect(count('SELECT count(*) FROM rubrics')).toBe(rows);
      expect(auditCount()).toBe(events);
    });
  }
});

describe('importing rubric files', () => {
  it('imports a rubric file with both texts, and refuses one whose Chinese text misses a step, naming the file and place', () => {
    const both = custom();
    const imported = importRubricFile(ctx.db, { fileName: 'airway.json', content: JSON.stringify(both) }, actor);
    expect(imported).toMatchObject({ kind: 'json', outcome: 'new-rubric' });
    expect(getRubric(ctx.db, 'airway-lab').rubric.translations?.['zh-CN']?.steps['bmv.mask_seal']?.title).toBe(
      '面罩密闭（EC 手法）',
    );

    const partial = custom('airway-two');
    delete partial.translations!['zh-CN']!.steps['bmv.ventilation'];
    let refused: unknown;
    try {
      importRubricFile(ctx.db, { fileName: 'airway-two.json', content: JSON.stringify(partial) }, actor);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(InvalidRubricError);
    expect((refused as InvalidRubricError).message).toBe(
      "airway-two.json is not a valid rubric (1 problem): $.translations['zh-CN'].steps: the Chinese (zh-CN) text has no words for step 4 ('bmv.ventilation'); give every step its text",
    );
    expect(() => getRubric(ctx.db, 'airway-two')).toThrow(NotFoundError);
  });

  it('imports a rubric JSON and a checklist CSV named after its file', () => {
    const json = importRubricFile(ctx.db, { fileName: 'airway.json', content: JSON.stringify(custom()) }, actor);
    expect(json).toMatchObject({ kind: 'json', version: 1, outcome: 'new-rubric' });
    const csv = importRubricFile(
      ctx.db,
      {
        fileName: 'Station 4 - Airway.csv',
        content:
          'step,title,criteria,max_points\nopen,Open airway,Head tilt and chin lift,2\nseal,Mask seal,E-C clamp without leak,4\n',
      },
      actor,
    );
    expect(csv).toMatchObject({
      kind: 'csv',
      version: 1,
      rubric: { id: 'station_4_airway', title: 'Station 4 - Airway' },
    });
    expect(
      getRubric(ctx.db, 'station_4_airway').rubric.steps.map((s) => [s.id, s.max_points, s.allowed_scores]),
    ).toEqual([
      ['station_4_airway.open', 2, [0, 1, 2]],
      ['station_4_airway.seal', 4, [0, 1, 2, 3, 4]],
    ]);
    expect(count(`SELECT count(*) FROM audit_events WHERE action = 'import'`)).toBe(2);
  });

  it('names the line of a JSON syntax error and of each bad CSV row', () => {
    const broken = catchError(() =>
      importRubricFile(ctx.db, { fileName: 'x.json', content: '{\n  "id": "x",\n  "title": "T",,\n}' }, actor),
    ) as InvalidRubricError;
    expect(broken.problems).toEqual([{ line: 3, message: expect.stringMatching(/^not valid JSON: /) }]);

    const csv = 'step,title,criteria,max_points\na,A,Does A,2\nb,B,Does B,lots\nc,C,,1\n';
    const err = catchError(() =>
      importRubricFile(ctx.db, { fileName: 'bad.csv', content: csv }, actor),
    ) as InvalidRubricError;
    expect(err.name).toBe('InvalidRubric');
    expect(err.issues).toEqual([
      { path: 'line 3', message: "max_points 'lots' is not a number" },
      { path: 'line 4', message: expect.stringMatching(/criteria is blank/) },
    ]);
    expect(count(`SELECT count(*) FROM rubrics WHERE id IN ('x', 'bad')`)).toBe(0);
  });

  it('reports every problem of an invalid rubric JSON with its path', () => {
    const bad = custom();
    bad.steps[2]!.allowed_scores = [0, 2, 4, 6];
    bad.steps[1]!.criteria = '';
    const err = catchError(() =>
      importRubricFile(ctx.db, { fileName: 'lab.json', content: JSON.stringify(bad) }, actor),
    );
    expect((err as InvalidRubricError).issues.map((i) => i.path)).toEqual([
      '$.steps[1].criteria',
      '$.steps[2].allowed_scores[3]',
    ]);
    expect((err as Error).message).toMatch(/^lab\.json is not a valid rubric \(2 problems\)/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('the rubric in a second language', () => {
  const withChinese = (rubric: Rubric, criteria: string): Rubric => {
    const zh = builtinRubric('bmv')!.translations!['zh-CN']!;
    const copy = structuredClone(rubric);
    copy.translations = { 'zh-CN': { ...structuredClone(zh), title: '气道站点评分表' } };
    copy.translations['zh-CN']!.steps['bmv.equipment_oxygen']!.criteria = criteria;
    return copy;
  };

  it('gives a lab rubric in use its Chinese text in place: same version, same hash, the marks still on it', () => {
    const { translations: _none, ...plain } = custom();
    saveRubric(ctx.db, plain, { actor });
    useRubricVersion(ctx.db, 'step_scores', 'airway-lab', 1);
    const hash = getRubric(ctx.db, 'airway-lab').contentHash;

    const saved = saveRubric(ctx.db, withChinese(plain, '检查球囊和氧气。'), { actor });

    expect(saved).toMatchObject({ outcome: 'texts-updated', version: 1, created: false });
    const stored = getRubric(ctx.db, 'airway-lab');
    expect(stored).toMatchObject({ version: 1, latestVersion: 1, contentHash: hash, inUse: true });
    expect(stored.rubric.translations?.['zh-CN']?.title).toBe('气道站点评分表');
    expect(stored.rubric.steps).toEqual(plain.steps);
    expect(count(`SELECT count(*) FROM step_scores WHERE rubric_id = 'airway-lab' AND rubric_version = 1`)).toBe(1);
    const audit = ctx.db
      .prepare(`SELECT action, before FROM audit_events WHERE entity = 'rubric' ORDER BY seq DESC LIMIT 1`)
      .get() as { action: string; before: string };
    expect(audit.action).toBe('update_texts');
    expect(JSON.parse(audit.before)).toEqual({ translations: null });
    expect(verifyAudit(ctx.db).ok).toBe(true);

    const again = saveRubric(ctx.db, withChinese(plain, '检查球囊和氧气。'), { actor });
    expect(again.outcome).toBe('unchanged');
  });

  it('keeps the shipped Chinese text of a built-in: the lab’s own wording becomes a version of its own', () => {
    const cpr = builtinRubric('cpr')!;
    cpr.translations!['zh-CN']!.steps['cpr.scene_safety']!.title = '现场安全';
    const saved = saveRubric(ctx.db, cpr, { actor });
    expect(saved).toMatchObject({ outcome: 'new-version', version: 2, reason: 'builtin' });
    expect(getRubric(ctx.db, 'cpr', 1).rubric.translations?.['zh-CN']?.steps['cpr.scene_safety']?.title).toBe(
      '评估现场环境安全',
    );
    expect(getRubric(ctx.db, 'cpr', 2).contentHash).toBe(getRubric(ctx.db, 'cpr', 1).contentHash);
  });

  it('adds the Chinese text to built-ins stored before it shipped, without a new version', () => {
    // A database seeded by a release without the Chinese text, with marks on CPR version 1.
    ctx.db.prepare('DELETE FROM rubrics').run();
    const plain = builtinRubrics().map(({ translations: _zh, ...r }) => r);
    seedBuiltinRubrics(ctx.db, plain);
    useRubricVersion(ctx.db, 'step_scores', 'cpr', 1, { id: 'aed', version: 1 });
    expect(getRubric(ctx.db, 'cpr').rubric.translations).toBeUndefined();

    expect(seedBuiltinRubrics(ctx.db)).toEqual([]);
    expect(refreshBuiltinTranslations(ctx.db)).toEqual([
      { id: 'cpr', version: 1 },
      { id: 'aed', version: 1 },
      { id: 'bmv', version: 1 },
    ]);

    const cpr = getRubric(ctx.db, 'cpr');
    expect(cpr).toMatchObject({ version: 1, latestVersion: 1, inUse: true, contentHash: rubricContentHash(plain[0]!) });
    expect(cpr.rubric.translations?.['zh-CN']?.steps['cpr.compression_depth']?.criteria).toContain('5–6 cm');
    expect(refreshBuiltinTranslations(ctx.db)).toEqual([]);
    expect(verifyAudit(ctx.db).ok).toBe(true);
  });
});
