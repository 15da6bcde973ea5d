import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { generateDemoLabels } from '../demo/labels';
import { exportReport, JSON_EXPORT_FORMAT, reportFiles, type JsonExport } from './exports';
import { openLab, type Lab } from '../../tests/support/lab';
import { LONG_COLUMNS } from './long-rows';
import { CHROMIUM_ARGS, chromiumPath, ChromiumPdfRenderer } from './pdf';

const EXTERNAL_REF = /(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i;

describe('CSV and JSON exports', () => {
  let lab: Lab;
  afterAll(() => lab.close());

  it('write one row per recording, step and rater with the rubric category, and defuse formulas', () => {
    lab = openLab();
    const session = lab.session('Spring');
    const rec = lab.recording({ session, station: lab.station(session, 'AED-1', 'aed'), candidate: 'C-7' });
    const a = lab.examiner('Dr A');
    const b = lab.examiner('Dr B');
    const model = lab.model('gpt-x');
    lab.mark(rec, a, lab.scores(rec, { 'aed.clear_for_shock': 1, 'aed.power_on': null }), {
      comments: { 'aed.clear_for_shock': '=HYPERLINK("x")' },
    });
    lab.mark(rec, b, lab.scores(rec, { 'aed.clear_for_shock': 2, 'aed.power_on': null }));
    lab.suggest(rec, model, lab.scores(rec));

    const file = exportReport(lab.ctx.db, 'csv');
    expect(file.fileName).toMatch(/^agreement-report-all-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
    const parsed = Papa.parse<Record<string, string>>(file.content.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([...LONG_COLUMNS]);
    // 9 AED steps x (2 examiners + final + 1 model).
    expect(parsed.data).toHaveLength(9 * 4);
    const row = (rater: string, step: string) => parsed.data.find((r) => r.rater === rater && r.step_id === step)!;
    expect(row('Dr A', 'aed.clear_for_shock')).toMatchObject({
      recording_id: String(rec),
      sha256: lab.sha(rec),
      session: 'Spring',
      station: 'AED-1',
      candidate: 'C-7',
      rubric_id: 'aed',
      rubric_version: '1',
      rater_kind: 'examiner',
      score: '1',
      max_points: '2',
      category: '2',
      error: '1',
      not_assessable: '0',
      comment: `'=HYPERLINK("x")`,
    });
    expect(row('final', 'aed.clear_for_shock')).toMatchObject({
      rater_kind: 'final',
      score: '',
      comment: 'examiners disagree: awaiting adjudication',
    });
    expect(row('final', 'aed.power_on')).toMatchObject({ score: '', not_assessable: '1', category: '' });
    const modelRow = parsed.data.find((r) => r.rater_kind === 'model')!;
    expect(modelRow.rater).toBe('gpt-x · prompt p1 · step scores · full video (model suggestion)');
  });

  it('write the whole report and the same rows as JSON', () => {
    const json = JSON.parse(exportReport(lab.ctx.db, 'json').content) as JsonExport;
    expect(json.format).toBe(JSON_EXPORT_FORMAT);
    expect(json.report.leaderboard.entries).toHaveLength(1);
    expect(json.report.examinerPairs).toHaveLength(1);
    expect(json.labels).toHaveLength(36);
    expect(json.labels[0]).toHaveProperty('category');
  });
});

describe('HTML and PDF report from the seeded demo dataset', () => {
  let lab: Lab;
  let html: string;
  const out = resolve(import.meta.dirname, '..', '..', '.tmp', 'report-render');

  beforeAll(() => {
    lab = openLab();
    generateDemoLabels(lab.ctx.db, { seed: 7, candidates: 24 });
    html = reportFiles(lab.ctx.db, {}, { bootstrap: 200 }).html();
    mkdirSync(out, { recursive: true });
  });
  afterAll(() => lab.close());

  it('is self-contained: Chart.js inlined, a CSP that forbids requests, no src or href to any host', () => {
    // Matched as booleans: a failure must not print 200 KB of inlined Chart.js.
    const has = (pattern: RegExp) => pattern.test(html);
    expect(has(/Chart\.js v4/)).toBe(true);
    expect(has(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/)).toBe(true);
    expect(has(EXTERNAL_REF)).toBe(false);
    expect(has(/url\(\s*["']?https?:/i)).toBe(false);
    expect(has(/\(model suggestion\)/)).toBe(true);
    // An undefined figure carries a numbered note whose text is the reason.
    expect(has(/undefined<\/span><sup class="fn">1<\/sup>/)).toBe(true);
    expect(
      has(/<ol class="notes"><li>recording totals of different stations \(aed, bmv, cpr\) are not comparable/),
    ).toBe(true);
  });

  it('draws every chart offline without a single request', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForFunction("document.body.hasAttribute('data-charts-ready')");
      expect(await page.getAttribute('body', 'data-charts-ready')).toBe('11');
      expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('prints to a PDF whose pages render as images', async () => {
    const pdf = await new ChromiumPdfRenderer().render(html, { waitForCharts: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(out, 'report.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', file, join(out, 'report-page')]);
    const pages = readdirSync(out).filter((f) => f.startsWith('report-page') && f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect(statSync(join(out, p)).size).toBeGreaterThan(5_000);
  });
});
