// The report and feedback a clinician reads, in English and Chinese: a sentence per model from its
// figures, reasons without internal ids, a glossary, per-station totals, and every value escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoLabels } from '../demo/labels';
import { openLab, type Lab } from '../../tests/support/lab';
import { bandOf, modelSentence } from '../../domain/report-charts/sentences';
import { plainReason } from '../../domain/report-charts/reasons';
import { reportTranslator } from '../../domain/report-charts/translate';
import type { AgreementReport, LeaderboardEntry } from '../../contract/reports';
import { exportSessionFeedbackHtml, reportFiles } from './exports';
import { renderReportHtml } from './report-html';
import { localizedRubric } from '../../domain/rubric/texts';
import { builtinRubric } from '../../domain/rubric/builtin';
import { buildTraineeFeedback } from './feedback';
import { renderFeedbackHtml } from './feedback-html';

const en = reportTranslator('en');
const zh = reportTranslator('zh-CN');

/** The HTML without the inlined Chart.js and chart data, so a failure prints something readable. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ');

describe('what the figures mean, in words', () => {
  let lab: Lab;
  let report: AgreementReport;
  beforeAll(() => {
    lab = openLab();
    generateDemoLabels(lab.ctx.db, { seed: 7, candidates: 24 });
    report = reportFiles(lab.ctx.db, {}, { bootstrap: 50 }).report;
  });
  afterAll(() => lab.close());

  const scored = () => {
    const e = report.leaderboard.entries.find((x) => x.group === 'score/full' && x.rank !== null)!;
    const g = report.leaderboard.groups.find((x) => x.key === 'score/full')!;
    return { e, g, trust: report.trust.find((t) => t.config.key === e.config.key) };
  };
  const withValue = (e: LeaderboardEntry, value: number): LeaderboardEntry => ({
    ...e,
    primary: { ...e.primary, metric: { value } },
  });

  it('reads κ on fixed bands: chance below 0.1, almost perfect from 0.8', () => {
    expect([-0.3, 0.05, 0.1, 0.39, 0.4, 0.6, 0.79, 0.8].map(bandOf)).toEqual([
      'backwards',
      'chance',
      'slight',
      'slight',
      'moderate',
      'substantial',
      'substantial',
      'almostPerfect',
    ]);
  });

  it('says a near-chance model agrees about as often as chance, naming its worst step, in both languages', () => {
    const { e, g, trust } = scored();
    const english = modelSentence(withValue(e, 0.04), g, trust, en, 'en');
    expect(english).toContain(`${e.config.model} agrees with the final scores about as often as chance on step grades`);
    expect(english).toMatch(/step κ 0\.04, \d+ recordings/);
    const chinese = modelSentence(withValue(e, 0.04), g, trust, zh, 'zh-CN');
    expect(chinese).toContain('与随机相当');
    expect(chinese).not.toMatch(/agrees with|as often as chance/);
    expect(modelSentence(withValue(e, 0.85), g, trust, en, 'en')).toContain('almost always');
  });

  it('gives a model scored on one recording no band: it is not ranked next to full runs', () => {
    const { e, g } = scored();
    const one: LeaderboardEntry = { ...e, rank: null, coverage: { ...e.coverage, recordings: 1 } };
    const text = modelSentence(one, g, undefined, en, 'en');
    expect(text).toBe(
      `${e.config.model} is not ranked: judged on 1 recording only, its figures say little in practice yet.`,
    );
    expect(modelSentence(one, g, undefined, zh, 'zh-CN')).toContain('未参与排名');
  });

  it('names raters instead of internal ids, and never mentions scikit-learn', () => {
    const names = new Map([['examiner:3', 'Dr Brennan']]);
    expect(plainReason("rater 'examiner:3' total is constant", en, names)).toBe(
      "Dr Brennan's totals: every value is the same",
    );
    expect(
      plainReason(
        "rater 'examiner:9' marked every step alike (all errors or none); reported as 0 as scikit-learn does",
        en,
      ),
    ).toBe('an examiner marked every step alike (all errors or none); shown as 0');
    expect(plainReason("rater 'final' marked no errors", zh)).toBe('最终分未标记任何错误');
    expect(plainReason('not enough data (n = 4, need 20)', zh)).toBe('数据不足（n = 4，至少需要 20）');
  });

  it('writes the English report with a glossary, a sentence per model, per-station charts and no internal ids', () => {
    const html = renderReportHtml(report, 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2>What the figures mean</h2>');
    expect(html).toContain('Step κ (weighted kappa)');
    expect((html.match(/<p data-sentence>/g) ?? []).length).toBe(report.leaderboard.entries.length);
    expect(html).toMatch(/<abbr title="How often two raters give a step the same grade/);
    const text = textOf(html);
    expect(text).not.toMatch(/scikit|rater '|examiner:\d|\bmodel:\S/);
    // Totals per station: one drift and one Bland-Altman chart for each station, none pooled.
    for (const station of report.scope.stations.map((s) => s.code))
      expect(html).toContain(`id="chart-drift-${station}"`);
    expect(html).not.toContain('id="chart-drift"');
    expect(html).not.toContain('id="chart-bland-altman"');
    expect(report.blandAltman.every((b) => b.station !== '')).toBe(true);
  });

  it('names the steps in the report’s language', () => {
    const zh = reportFiles(lab.ctx.db, {}, { bootstrap: 10 }, 'zh-CN').report;
    const depth = (r: AgreementReport) => r.steps.find((s) => s.stepId === 'cpr.compression_depth')?.title;
    expect(depth(zh)).toBe(
      localizedRubric(builtinRubric('cpr')!, 'zh-CN').steps.find((s) => s.id === 'cpr.compression_depth')!.title,
    );
    expect(depth(report)).toBe('Compression depth');
    expect(depth(zh)).not.toBe(depth(report));
    // Configuration labels are worded in the report's language too; the configurations themselves are the same.
    expect(zh.leaderboard.entries.map((e) => e.config.key)).toEqual(
      report.leaderboard.entries.map((e) => e.config.key),
    );
    for (const e of zh.leaderboard.entries) {
      expect(e.config.label.endsWith('(模型建议)')).toBe(true);
      expect(e.config.label).not.toMatch(/model suggestion|step scores|full video/);
    }
  });

  it('writes the Chinese report in Chinese, with dates for the locale', () => {
    const html = renderReportHtml(report, 'zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    const text = textOf(html);
    for (const words of ['一致性报告', '指标说明', '步骤加权κ', '实际含义', '考官之间的一致性', '这些指标是如何得出的'])
      expect(text).toContain(words);
    for (const english of ['Agreement report', 'What the figures mean', 'In practice', 'Examiners here', 'undefined'])
      expect(text).not.toContain(english);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
  });

  it('escapes every value in both languages, translated text included', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const r: AgreementReport = {
      ...report,
      scope: { ...report.scope, session: hostile },
      examiners: [{ ...report.examiners[0]!, name: hostile }],
    };
    for (const locale of ['en', 'zh-CN'] as const) {
      const html = renderReportHtml(r, locale);
      expect(html).not.toContain(hostile);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('feedback in the chosen language, per candidate and per session', () => {
  let lab: Lab;
  let session: number;
  beforeAll(() => {
    lab = openLab();
    session = lab.session('Spring <OSCE>');
    const bmv = lab.station(session, 'BMV', 'bmv');
    const a = lab.examiner('Dr A');
    const other = lab.session('Autumn');
    const otherBmv = lab.station(other, 'BMV', 'bmv');
    for (const [s, code] of [
      [session, 'STU-1'],
      [session, 'STU-2'],
      [other, 'STU-3'],
    ] as const) {
      const rec = lab.recording({ session: s, station: s === session ? bmv : otherBmv, candidate: code });
      lab.mark(rec, a, lab.scores(rec, { 'bmv.mask_seal': 2 }), {
        comments: { 'bmv.mask_seal': `Leak <b>${code}</b>` },
      });
    }
  });
  afterAll(() => lab.close());

  it('writes one candidate’s feedback in Chinese', async () => {
    const html = renderFeedbackHtml(
      await buildTraineeFeedback(lab.ctx, 'STU-1', { thumbnails: false, locale: 'zh-CN' }),
      'zh-CN',
    );
    expect(html).toContain('<html lang="zh-CN">');
    const text = textOf(html);
    expect(text).toContain('考生 STU-1 的反馈');
    expect(text).toContain('需要加强练习的步骤');
    expect(text).toContain('考官评语：');
    expect(text).not.toMatch(/Feedback for|Steps to practise|Examiner's comment/);
    expect(html).toContain('Leak &lt;b&gt;STU-1&lt;/b&gt;');
    // The rubric's own words come from its Chinese text too.
    const zhTitle = localizedRubric(builtinRubric('bmv')!, 'zh-CN').steps.find((s) => s.id === 'bmv.mask_seal')!.title;
    const enTitle = builtinRubric('bmv')!.steps.find((s) => s.id === 'bmv.mask_seal')!.title;
    expect(text).toContain(zhTitle);
    expect(text).not.toContain(enTitle);
  });

  it('puts a whole session in one document, each candidate on their own pages, nobody from another session', async () => {
    const file = await exportSessionFeedbackHtml(lab.ctx, session, { thumbnails: false }, 'en');
    expect(file.fileName).toBe('feedback-session-spring-osce.html');
    expect((file.content.match(/<article class="candidate"/g) ?? []).length).toBe(2);
    expect(file.content).toContain('Feedback for candidate STU-1');
    expect(file.content).toContain('Feedback for candidate STU-2');
    expect(file.content).not.toContain('STU-3');
    expect(file.content).toContain('.candidate + .candidate { break-before: page; }');
    expect(file.content).not.toContain('<OSCE>');
  });
});
