import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../services/backend/open';
import { generateDemoLabels } from '../services/demo/labels';
import { silentLogger } from '../services/core/log';
import { osce } from '../tests/support/run-cli';

describe('osce report, export, feedback, marks import, predictions import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osce-cli-report-'));
  const db = join(dir, 'osce.sqlite');
  let sha: string;

  beforeAll(() => {
    const { ctx, close } = openServiceContext({ dbPath: db, appVersion: 'test', logger: silentLogger });
    generateDemoLabels(ctx.db, { seed: 5, candidates: 4 });
    sha = ctx.db
      .prepare(
        `SELECT sha256 FROM recordings r JOIN stations s ON s.id = r.station_id WHERE s.rubric_id = 'bmv' LIMIT 1`,
      )
      .pluck()
      .get() as string;
    close();
  });

  it('writes the report as JSON and HTML, filtered by station, and refuses an unknown extension', () => {
    const json = osce(['report', '--out', join(dir, 'r.json'), '--station', 'bmv', '--db', db]);
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(/report written: .*r\.json \(4 recordings, 1 examiner pair, 5 model configurations\)/);
    const parsed = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(parsed.report.scope.station).toBe('bmv');
    expect(osce(['report', '--out', join(dir, 'r.html'), '--db', db]).code).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/);

    const bad = osce(['report', '--out', join(dir, 'r.txt'), '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--out must end in \.html, \.pdf, \.csv, \.json/);
    const unknown = osce(['report', '--out', join(dir, 'x.json'), '--session', 'Nope', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Exam session 'Nope' was not found/);
  });

  it('writes the report and feedback in the language of --lang, else of LANG', () => {
    const zh = osce(['report', '--out', join(dir, 'zh.html'), '--lang', 'zh-CN', '--db', db], { LANG: 'en_GB.UTF-8' });
    expect(zh.code).toBe(0);
    expect(readFileSync(join(dir, 'zh.html'), 'utf8')).toContain('<html lang="zh-CN">');
    const fromEnv = osce(['feedback', '--candidate', 'DEMO-002', '--out', join(dir, 'fb-zh.html'), '--db', db], {
      LC_ALL: '',
      LC_MESSAGES: '',
      LANG: 'zh_CN.UTF-8',
    });
    expect(fromEnv.code).toBe(0);
    expect(readFileSync(join(dir, 'fb-zh.html'), 'utf8')).toContain('考生 DEMO-002 的反馈');
    const bad = osce(['report', '--out', join(dir, 'x.html'), '--lang', 'fr', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang must be en or zh-CN \(got 'fr'\)/);
  });

  it("exports the long-format CSV and writes one candidate's feedback", () => {
    const r = osce(['export', '--format', 'csv', '--out', join(dir, 'all.csv'), '--db', db]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'all.csv'), 'utf8').split('\r\n')[0]).toMatch(
      /^recording_id,sha256,session,station,candidate,/,
    );
    expect(osce(['export', '--format', 'xml', '--out', join(dir, 'x'), '--db', db]).code).toBe(2);

    const f = osce(['feedback', '--candidate', 'DEMO-002', '--out', join(dir, 'fb.html'), '--db', db]);
    expect(f.code).toBe(0);
    const html = readFileSync(join(dir, 'fb.html'), 'utf8');
    expect(html).toContain('Feedback for candidate DEMO-002');
    expect(html).not.toContain('DEMO-001');
    expect(osce(['feedback', '--candidate', 'NOBODY', '--out', join(dir, 'n.html'), '--db', db]).stderr).toMatch(
      /Candidate 'NOBODY' was not found/,
    );
  });

  it('imports marks and predictions, and exits 1 listing the bad lines of a refused file', () => {
    const steps = [
      'bmv.equipment_oxygen',
      'bmv.airway_opening',
      'bmv.mask_seal',
      'bmv.ventilation',
      'bmv.coordination_monitoring',
    ];
    writeFileSync(
      join(dir, 'marks.csv'),
      ['sha256,step_id,rater,score', ...steps.map((s) => `${sha},${s},Dr Paper,2`)].join('\n'),
    );
    const ok = osce(['marks', 'import', join(dir, 'marks.csv'), '--db', db]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /imported 5 step marks: 1 submitted marking of 1 recording by Dr Paper \(new examiners: Dr Paper\)/,
    );

    writeFileSync(
      join(dir, 'bad.csv'),
      ['sha256,step_id,rater,score', `${sha},bmv.mask_seal,Dr Ink,3`, `${sha},bmv.nope,Dr Ink,1`].join('\n'),
    );
    const bad = osce(['marks', 'import', join(dir, 'bad.csv'), '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.csv was not imported; nothing was written. 2 problems:');
    expect(bad.stderr).toContain(
      "line 2: step 'bmv.mask_seal': score 3 is not allowed for this step (allowed: 0, 2, 4)",
    );
    expect(bad.stderr).toMatch(/line 3: step 'bmv.nope' is not in rubric bmv/);

    writeFileSync(join(dir, 'p.json'), JSON.stringify(steps.map((s) => ({ sha256: sha, step_id: s, correct: true }))));
    const undeclared = osce(['predictions', 'import', join(dir, 'p.json'), '--model', 'outside-model', '--db', db]);
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toContain('the predictions must declare their mode');
    const p = osce([
      'predictions',
      'import',
      join(dir, 'p.json'),
      '--model',
      'outside-model',
      '--task',
      'binary',
      '--mode',
      'clips',
      '--frames',
      '8',
      '--db',
      db,
    ]);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(
      /imported 5 predictions for 1 recording as outside-model · prompt external · correct\/error · step clips · 8 frames \(model suggestion\)/,
    );
    expect(osce(['predictions', 'import', join(dir, 'p.json'), '--db', db]).code).toBe(2);
  });

  it('imports step spans from a CSV as an examiner’s, and names the line of a bad one', () => {
    writeFileSync(
      join(dir, 'spans.csv'),
      ['recording,step_id,start_s,end_s', `${sha},bmv.mask_seal,1,2.5`, `${sha},bmv.ventilation,2.5,4`].join('\n'),
    );
    const ok = osce(['spans', 'import', join(dir, 'spans.csv'), '--examiner', 'Dr Clip', '--db', db]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(
      /imported 2 step spans of 1 recording as Dr Clip's \(new examiner\); clip scoring now uses them/,
    );

    writeFileSync(
      join(dir, 'bad-spans.csv'),
      ['recording,step_id,start_s,end_s', `${sha},bmv.mask_seal,3,2`].join('\n'),
    );
    const bad = osce(['spans', 'import', join(dir, 'bad-spans.csv'), '--examiner', 'Dr Clip', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2: a span must end after it starts (start_s 3, end_s 2)');
    expect(osce(['spans', 'import', join(dir, 'spans.csv'), '--db', db]).code).toBe(2);
  });
});
