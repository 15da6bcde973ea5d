/**
 * The self-contained HTML agreement report: tables plus Chart.js charts, the library inlined, so
 * the file opens offline and prints to PDF as it looks on screen. Written in the reader's language
 * (every word from the catalogues, every value escaped), with a glossary of the figures.
 */
import type { AgreementResult } from '../../domain/agreement/compute';
import type { AgreementReport, StepTrust } from '../../contract/reports';
import { reportCharts, type ChartSpec } from '../../domain/report-charts/chart-configs';
import { raterNamesOf } from '../../domain/report-charts/reasons';
import { formatDateTime } from '../../domain/i18n/format';
import type { Locale } from '../../domain/i18n/locales';
import { chartJsSource } from './chartjs-source';
import {
  esc,
  glossaryHtml,
  htmlPage,
  intervalHtml,
  jsonForScript,
  metricHtml,
  Notes,
  writingFor,
  type Writing,
} from './html-kit';
import { leaderboardSections, pairedSections, term } from './report-html-models';

/** Canvas size in CSS pixels: fits an A4 page between 12 mm margins. */
const CHART_WIDTH = 700;

const STATUS_ORDER = [
  'final',
  'double_marked',
  'marked_by_one',
  'disagreement',
  'suggestions_ready',
  'unmarked',
] as const;

function figure(c: ChartSpec, withTitle = true): string {
  return `<figure>
${withTitle ? `<h3>${esc(c.title)}</h3>` : ''}
<canvas id="chart-${esc(c.id)}" width="${CHART_WIDTH}" height="${c.height}" role="img" aria-label="${esc(c.title)}"></canvas>
<figcaption>${esc(c.caption)}</figcaption>
</figure>`;
}

function header(w: Writing, r: AgreementReport): string {
  const { t } = w;
  const s = r.scope;
  const status = STATUS_ORDER.filter((k) => s.status[k] > 0)
    .map((k) => `${esc(t(`reports:status.${k}`))}: ${s.status[k]}`)
    .join(' · ');
  const all = (list: string[]) => t('reports:html.all', { list: list.join(', ') || t('reports:html.none') });
  return `<h1>${esc(t('reports:html.title'))}</h1>
<p class="muted">${esc(t('reports:intro'))}</p>
<dl class="facts">
<dt>${esc(t('reports:html.session'))}</dt><dd>${esc(s.session ?? all(s.sessions))}</dd>
<dt>${esc(t('reports:html.station'))}</dt><dd>${esc(s.station ?? all(s.stations.map((x) => x.code)))}</dd>
<dt>${esc(t('reports:html.recordings'))}</dt><dd>${s.recordings}${status ? ` — ${status}` : ''}</dd>
<dt>${esc(t('reports:html.examiners'))}</dt><dd>${esc(r.examiners.map((e) => e.name).join(', ') || t('reports:html.none'))}</dd>
<dt>${esc(t('reports:html.generated'))}</dt><dd>${esc(
    t('reports:html.generatedLine', {
      date: formatDateTime(r.generatedAt, w.locale),
      version: r.appVersion,
      resamples: r.bootstrap.resamples,
      seed: r.bootstrap.seed,
    }),
  )}</dd>
${
  r.auditHead
    ? `<dt>${esc(t('reports:html.auditTrail'))}</dt><dd>${esc(
        t('reports:html.auditLine', {
          seq: r.auditHead.seq,
          hash: r.auditHead.hash.slice(0, 16),
          installation: r.auditHead.installation.slice(0, 16),
        }),
      )}</dd>`
    : ''
}
</dl>
<p class="note model">${esc(t('reports:html.modelNote'))}</p>`;
}

function agreementCells(w: Writing, res: AgreementResult, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 3, notes);
  return [
    `${res.nRecordings} / ${res.nSteps}`,
    `${m(res.overall.plcc)}${intervalHtml(w, res.intervals?.plcc, 2, notes, res.overall.plcc.reason)}`,
    m(res.overall.srcc),
    `${m(res.step.qwk)}${intervalHtml(w, res.intervals?.qwk, 2, notes, res.step.qwk.reason)}`,
    m(res.step.ac1),
    m(res.step.exact),
    `${m(res.binary.mcc)}${intervalHtml(w, res.intervals?.mcc, 2, notes, res.binary.mcc.reason)}`,
  ]
    .map((c) => `<td>${c}</td>`)
    .join('');
}

function agreementHead(w: Writing, withExact = true): string {
  const { t } = w;
  return [
    `<th>${esc(t('reports:paired.recordingsSteps'))}</th>`,
    `<th>${term(w, 'plcc', t('reports:figures.abbrPlcc'))}</th>`,
    `<th>${term(w, 'srcc', t('reports:figures.abbrSrcc'))}</th>`,
    `<th>${term(w, 'qwk', t('reports:figures.stepKappa'))}</th>`,
    `<th>${term(w, 'ac1', t('reports:figures.abbrAgreementCoefficient'))}</th>`,
    withExact ? `<th>${term(w, 'exact', t('reports:figures.exact'))}</th>` : '',
    `<th>${term(w, 'mcc', t('reports:figures.abbrMcc'))}</th>`,
  ].join('');
}

function perStationTable(w: Writing, label: string, res: AgreementResult, notes: Notes): string {
  const rows = res.perStation ?? [];
  if (rows.length < 2) return '';
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 3, notes);
  return `<table><thead><tr><th>${esc(w.t('reports:examiners.perStation', { pair: label }))}</th>${agreementHead(w, false)}</tr></thead><tbody>
${rows
  .map(
    (s) =>
      `<tr><td>${esc(s.station)}</td><td>${s.nRecordings} / ${s.nSteps}</td><td>${m(s.overall.plcc)}</td><td>${m(s.overall.srcc)}</td><td>${m(s.step.qwk)}</td><td>${m(s.step.ac1)}</td><td>${m(s.binary.mcc)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

function modelsSection(w: Writing, r: AgreementReport, charts: ChartSpec[]): string {
  return `<h2>${esc(w.t('reports:html.modelsTitle'))}</h2>
${leaderboardSections(w, r)}
${charts
  .filter((c) => c.id.startsWith('leaderboard'))
  .map((c) => figure(c))
  .join('\n')}
${pairedSections(w, r)}`;
}

function examinersSection(w: Writing, r: AgreementReport, charts: ChartSpec[]): string {
  const { t } = w;
  const notes = new Notes(w);
  // Pair tables get their own notes right below them; the rest are listed at the section's end.
  const pairNotes = new Notes(w);
  const m = (x: Parameters<typeof metricHtml>[1], digits = 2) => metricHtml(w, x, digits, notes);
  const chartsWith = (prefix: string) =>
    charts
      .filter((c) => c.id === prefix || c.id.startsWith(`${prefix}-`))
      .map((c) => figure(c, c.id !== prefix))
      .join('');
  const stringency = r.stringency
    .map(
      (s) =>
        `<tr><td>${esc(s.examiner.name)}</td><td>${esc(s.station)}</td><td>${s.nRecordings}</td><td>${m(s.meanStepDeviation)}</td><td>${m(s.meanTotalDeviation)}${
          s.interval ? `<span class="ci">[${w.num(s.interval.low, 2)}, ${w.num(s.interval.high, 2)}]</span>` : ''
        }</td><td><span class="tag ${s.verdict === 'not enough data' ? 'nodata' : s.verdict}">${esc(t(`reports:examiners.verdicts.${s.verdict}`))}</span></td></tr>`,
    )
    .join('\n');
  const drift = r.drift
    .map(
      (d) =>
        `<tr><td>${esc(d.examiner.name)}</td><td>${esc(d.session)}</td><td>${esc(d.station)}</td><td>${d.points.length}</td><td>${m(d.slope, 3)}</td><td>${m(d.firstHalfMean)}</td><td>${m(d.secondHalfMean)}</td></tr>`,
    )
    .join('\n');
  const ba = r.blandAltman
    .map(
      (b) =>
        `<tr><td>${esc(b.b.name)} − ${esc(b.a.name)}</td><td>${esc(b.station)}</td><td>${b.n}</td><td>${m(b.meanDiff)}</td><td>${m(b.sdDiff)}</td><td>${m(b.lower)}</td><td>${m(b.upper)}</td></tr>`,
    )
    .join('\n');
  const pairs =
    r.examinerPairs.length === 0
      ? `<p class="muted">${esc(t('reports:examiners.none'))}</p>`
      : `<table><thead><tr><th>${esc(t('reports:examiners.examinerA'))}</th><th>${esc(t('reports:examiners.examinerB'))}</th>${agreementHead(w)}</tr></thead><tbody>${r.examinerPairs
          .map(
            (p) =>
              `<tr><td>${esc(p.a.name)}</td><td>${esc(p.b.name)}</td>${agreementCells(w, p.result, pairNotes)}</tr>`,
          )
          .join('\n')}</tbody></table>
${r.examinerPairs.map((p) => perStationTable(w, t('reports:examiners.versus', { a: p.a.name, b: p.b.name }), p.result, pairNotes)).join('\n')}
${pairNotes.html()}`;
  const th = (text: string) => `<th>${esc(text)}</th>`;
  return `<h2>${esc(t('reports:examiners.title'))}</h2>
<h3>${esc(t('reports:examiners.pairsTitle'))}</h3>
${pairs}
<h3>${term(w, 'stringency', t('reports:examiners.stringency'))}</h3>
<p>${esc(t('reports:examiners.stringencyIntro'))}</p>
<table><thead><tr>${th(t('reports:examiners.examiner'))}${th(t('reports:html.station'))}${th(t('reports:examiners.recordings'))}${th(t('reports:examiners.meanStep'))}${th(t('reports:examiners.meanTotal'))}${th(t('reports:examiners.verdict'))}</tr></thead><tbody>${stringency}</tbody></table>
${chartsWith('stringency')}
<h3>${term(w, 'drift', t('reports:examiners.drift'))}</h3>
<table><thead><tr>${th(t('reports:examiners.examiner'))}${th(t('reports:examiners.session'))}${th(t('reports:station'))}${th(t('reports:examiners.recordings'))}${th(t('reports:examiners.slope'))}${th(t('reports:examiners.firstHalf'))}${th(t('reports:examiners.secondHalf'))}</tr></thead><tbody>${drift}</tbody></table>
${chartsWith('drift')}
<h3>${term(w, 'blandAltman', t('reports:examiners.blandAltman'))}</h3>
${
  r.blandAltman.length === 0
    ? `<p class="muted">${esc(t('reports:examiners.blandAltmanNone'))}</p>`
    : `<table><thead><tr>${th(t('reports:examiners.difference'))}${th(t('reports:station'))}${th(t('reports:examiners.recordings'))}${th(t('reports:examiners.meanDifference'))}${th(t('reports:examiners.sd'))}${th(t('reports:examiners.lower'))}${th(t('reports:examiners.upper'))}</tr></thead><tbody>${ba}</tbody></table>`
}
${chartsWith('bland-altman')}
${notes.html()}`;
}

/**
 * Agreement per step. A step without enough data in any column is not given a row of "not enough
 * data": such steps are named once, in one line, under the table.
 */
function stepsSection(w: Writing, r: AgreementReport): string {
  const { t } = w;
  const ceiling = new Map((r.leaderboard.ceiling?.result.perStep ?? []).map((s) => [s.stepId, s]));
  const trust: StepTrust[] = r.trust;
  if (ceiling.size === 0 && trust.length === 0) return '';
  const minCount = trust[0]?.minCount ?? 20;
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 2);
  const head = trust
    .map(
      (tr) =>
        `<th class="model">${esc(tr.config.model)} <span class="reason">${esc(tr.config.promptVersion)} · ${esc(tr.config.task)} · ${esc(tr.config.mode)} · ${esc(t('reports:leaderboard.modelSuggestion'))}</span></th>`,
    )
    .join('');
  const hidden: string[] = [];
  const rows: string[] = [];
  for (const step of r.steps) {
    const c = ceiling.get(step.stepId);
    const cells = trust.map((tr) => tr.steps.find((x) => x.stepId === step.stepId));
    if (!c && cells.every((s) => !s?.enough)) {
      hidden.push(step.title);
      continue;
    }
    const modelCells = cells
      .map((s, i) => {
        if (!s) return '<td class="muted">—</td>';
        if (!s.enough) return `<td class="muted">${esc(t('reports:trust.cellNotEnough'))} (n ${s.n})</td>`;
        const n = `<span class="muted">(n ${s.n})</span>`;
        return trust[i]!.config.task === 'binary'
          ? `<td>MCC ${m(s.mcc)} · ${esc(t('reports:trust.agreeCell'))} ${m(s.exact)} ${n}</td>`
          : `<td>κ ${m(s.qwk)} · AC1 ${m(s.ac1)} · ${esc(t('reports:figures.exact'))} ${m(s.exact)} ${n}</td>`;
      })
      .join('');
    rows.push(
      `<tr><td>${esc(step.title)}<span class="reason">${esc(t('reports:trust.maxPoints', { points: step.maxPoints }))}</span></td><td>${
        c
          ? `κ ${m(c.step.qwk)} · AC1 ${m(c.step.ac1)} <span class="muted">(n ${c.nSteps})</span>`
          : '<span class="muted">—</span>'
      }</td>${modelCells}</tr>`,
    );
  }
  const hiddenLine = hidden.length
    ? `<p class="muted" data-hidden-steps="${hidden.length}">${esc(t('reports:trust.htmlHidden', { count: hidden.length, steps: hidden.join(' · ') }))}</p>`
    : '';
  return `<h2>${esc(t('reports:trust.htmlTitle'))}</h2>
<p>${esc(t('reports:trust.htmlIntro', { min: minCount }))}</p>
${rows.length ? `<table><thead><tr><th>${esc(t('reports:trust.step'))}</th><th>${esc(t('reports:trust.examinersColumn'))}</th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>` : ''}
${hiddenLine}`;
}

function methodSection(w: Writing, r: AgreementReport): string {
  const { t } = w;
  const problems = r.problems.length
    ? `<h3>${esc(t('reports:html.dataLeftOut'))}</h3><ul>${r.problems.map((p) => `<li>${esc(w.reason(p))}</li>`).join('')}</ul>`
    : '';
  const items = [
    t('reports:html.method.finalScore'),
    t('reports:html.method.notAssessable'),
    t('reports:html.method.categories'),
    t('reports:html.method.totals'),
    t('reports:html.method.bootstrap', { resamples: r.bootstrap.resamples, seed: r.bootstrap.seed }),
    t('reports:html.method.undefinedFigures'),
  ];
  return `<h2>${esc(t('reports:html.methodTitle'))}</h2>
<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('\n')}</ul>${problems}`;
}

const MODEL_CSS = `
  h4 { font-size: 12.5px; margin: 10px 0 2px; }
  .warning { background: #fff4e5; border-left: 3px solid #b26a00; padding: 6px 10px; }
  .tag.standing-leader { color: var(--ok); } .tag.standing-indistinguishable { color: #1f6feb; } .tag.standing-behind { color: var(--muted); }
  tr.unranked td { color: var(--muted); }
  tr.step td { font-size: 11.5px; }
  .note ul { margin: 2px 0 0; padding-left: 18px; }
`;

const CHART_SCRIPT = `(function () {
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var drawn = 0;
  specs.forEach(function (s) {
    var canvas = document.getElementById('chart-' + s.id);
    if (canvas) { new Chart(canvas, s.config); drawn++; }
  });
  document.body.setAttribute('data-charts-ready', String(drawn));
})();`;

export function renderReportHtml(r: AgreementReport, locale: Locale = 'en'): string {
  const w = writingFor(locale, raterNamesOf(r));
  const charts = reportCharts(r, { static: true, t: w.t });
  const body = `${header(w, r)}
${modelsSection(w, r, charts)}
${examinersSection(w, r, charts)}
${stepsSection(w, r)}
${glossaryHtml(w)}
${methodSection(w, r)}
<script type="application/json" id="chart-data">${jsonForScript(charts)}</script>`;
  return htmlPage({
    title: r.scope.session ? w.t('reports:html.titleSession', { session: r.scope.session }) : w.t('reports:html.title'),
    lang: locale,
    body,
    css: MODEL_CSS,
    scripts: [chartJsSource(), CHART_SCRIPT],
  });
}
