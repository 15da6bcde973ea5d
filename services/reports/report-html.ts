/**
 * The self-contained HTML agreement report: tables plus Chart.js charts, the library inlined, so
 * the file opens offline and prints to PDF as it looks on screen.
 */
import type { AgreementResult } from '../../domain/agreement/compute';
import type { AgreementReport, StepTrust } from '../../contract/reports';
import { reportCharts, type ChartSpec } from '../../domain/report-charts/chart-configs';
import { chartJsSource } from './chartjs-source';
import { esc, fixed, htmlPage, intervalHtml, jsonForScript, metricHtml, Notes } from './html-kit';
import { leaderboardSections, pairedSections } from './report-html-models';

/** Canvas size in CSS pixels: fits an A4 page between 12 mm margins. */
const CHART_WIDTH = 700;

const STATUS_LABELS: Record<keyof AgreementReport['scope']['status'], string> = {
  unmarked: 'Unmarked',
  suggestions_ready: 'Model suggestions only',
  marked_by_one: 'Marked by one examiner',
  double_marked: 'Double-marked, in agreement',
  disagreement: 'Awaiting adjudication',
  final: 'Final after adjudication',
};

function figure(c: ChartSpec, withTitle = true): string {
  return `<figure>
${withTitle ? `<h3>${esc(c.title)}</h3>` : ''}
<canvas id="chart-${esc(c.id)}" width="${CHART_WIDTH}" height="${c.height}" role="img" aria-label="${esc(c.title)}"></canvas>
<figcaption>${esc(c.caption)}</figcaption>
</figure>`;
}

function header(r: AgreementReport): string {
  const s = r.scope;
  const status = Object.entries(s.status)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${esc(STATUS_LABELS[k as keyof typeof STATUS_LABELS])}: ${n}`)
    .join(' · ');
  return `<h1>Agreement report</h1>
<p class="muted">How far the examiners agree with each other, and how far each model agrees with the final scores, on this lab's own recordings.</p>
<dl class="facts">
<dt>Session</dt><dd>${esc(s.session ?? `all (${s.sessions.join(', ') || 'none'})`)}</dd>
<dt>Station</dt><dd>${esc(s.station ?? `all (${s.stations.map((x) => x.code).join(', ') || 'none'})`)}</dd>
<dt>Recordings</dt><dd>${s.recordings}${status ? ` — ${status}` : ''}</dd>
<dt>Examiners</dt><dd>${esc(r.examiners.map((e) => e.name).join(', ') || 'none')}</dd>
<dt>Generated</dt><dd>${esc(r.generatedAt)} · app ${esc(r.appVersion)} · ${r.bootstrap.resamples} bootstrap resamples of recordings, seed ${r.bootstrap.seed}</dd>
${r.auditHead ? `<dt>Audit trail</dt><dd>event ${r.auditHead.seq}, hash ${esc(r.auditHead.hash.slice(0, 16))}…, installation ${esc(r.auditHead.installation.slice(0, 16))}… (check with osce audit verify)</dd>` : ''}
</dl>
<p class="note model">Model figures describe <strong>model suggestions</strong>. They are assistance only: examiners decide every mark.</p>`;
}

function agreementCells(res: AgreementResult, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[0]) => metricHtml(x, 3, notes);
  return [
    `${res.nRecordings} / ${res.nSteps}`,
    `${m(res.overall.plcc)}${intervalHtml(res.intervals?.plcc, 2, notes, res.overall.plcc.reason)}`,
    m(res.overall.srcc),
    `${m(res.step.qwk)}${intervalHtml(res.intervals?.qwk, 2, notes, res.step.qwk.reason)}`,
    m(res.step.ac1),
    m(res.step.exact),
    `${m(res.binary.mcc)}${intervalHtml(res.intervals?.mcc, 2, notes, res.binary.mcc.reason)}`,
  ]
    .map((c) => `<td>${c}</td>`)
    .join('');
}

const AGREEMENT_HEAD = `<th>Recordings / steps</th><th>PLCC</th><th>SRCC</th><th>Step κ</th><th>AC1</th><th>Exact</th><th>MCC</th>`;

function perStationTable(label: string, res: AgreementResult, notes: Notes): string {
  const rows = res.perStation ?? [];
  if (rows.length < 2) return '';
  const m = (x: Parameters<typeof metricHtml>[0]) => metricHtml(x, 3, notes);
  return `<table><thead><tr><th>${esc(label)}: per station</th><th>Recordings / steps</th><th>PLCC</th><th>SRCC</th><th>Step κ</th><th>AC1</th><th>MCC</th></tr></thead><tbody>
${rows
  .map(
    (s) =>
      `<tr><td>${esc(s.station)}</td><td>${s.nRecordings} / ${s.nSteps}</td><td>${m(s.overall.plcc)}</td><td>${m(s.overall.srcc)}</td><td>${m(s.step.qwk)}</td><td>${m(s.step.ac1)}</td><td>${m(s.binary.mcc)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

function modelsSection(r: AgreementReport, charts: ChartSpec[]): string {
  return `<h2>Models: leaderboard against the final scores</h2>
${leaderboardSections(r)}
${charts
  .filter((c) => c.id.startsWith('leaderboard'))
  .map((c) => figure(c))
  .join('\n')}
${pairedSections(r)}`;
}

function examinersSection(r: AgreementReport, charts: ChartSpec[]): string {
  const notes = new Notes();
  // Pair tables get their own notes right below them; the rest are listed at the section's end.
  const pairNotes = new Notes();
  const m = (x: Parameters<typeof metricHtml>[0], digits = 2) => metricHtml(x, digits, notes);
  const chart = (id: string) =>
    charts
      .filter((c) => c.id === id)
      .map((c) => figure(c, false))
      .join('');
  const stringency = r.stringency
    .map(
      (s) =>
        `<tr><td>${esc(s.examiner.name)}</td><td>${s.nRecordings}</td><td>${m(s.meanStepDeviation)}</td><td>${m(s.meanTotalDeviation)}${
          s.interval ? `<span class="ci">[${fixed(s.interval.low, 2)}, ${fixed(s.interval.high, 2)}]</span>` : ''
        }</td><td><span class="tag ${s.verdict === 'not enough data' ? 'nodata' : s.verdict}">${esc(s.verdict)}</span></td></tr>`,
    )
    .join('\n');
  const drift = r.drift
    .map(
      (d) =>
        `<tr><td>${esc(d.examiner.name)}</td><td>${esc(d.session)}</td><td>${d.points.length}</td><td>${m(d.slope, 3)}</td><td>${m(d.firstHalfMean)}</td><td>${m(d.secondHalfMean)}</td></tr>`,
    )
    .join('\n');
  const ba = r.blandAltman
    .map(
      (b) =>
        `<tr><td>${esc(b.b.name)} − ${esc(b.a.name)}</td><td>${b.n}</td><td>${m(b.meanDiff)}</td><td>${m(b.sdDiff)}</td><td>${m(b.lower)}</td><td>${m(b.upper)}</td></tr>`,
    )
    .join('\n');
  const pairs =
    r.examinerPairs.length === 0
      ? '<p class="muted">No two examiners have marked the same recording yet.</p>'
      : `<table><thead><tr><th>Examiner a</th><th>Examiner b</th>${AGREEMENT_HEAD}</tr></thead><tbody>${r.examinerPairs
          .map(
            (p) => `<tr><td>${esc(p.a.name)}</td><td>${esc(p.b.name)}</td>${agreementCells(p.result, pairNotes)}</tr>`,
          )
          .join('\n')}</tbody></table>
${r.examinerPairs.map((p) => perStationTable(`${p.a.name} vs ${p.b.name}`, p.result, pairNotes)).join('\n')}
${pairNotes.html()}`;
  return `<h2>Examiners</h2>
<h3>Agreement between examiners</h3>
${pairs}
<h3>Stringency (hawk / dove)</h3>
<p>How far each examiner's totals sit above (dove) or below (hawk) the final scores, on double-marked recordings.</p>
<table><thead><tr><th>Examiner</th><th>Recordings</th><th>Mean step deviation</th><th>Mean total deviation [95% CI]</th><th>Verdict</th></tr></thead><tbody>${stringency}</tbody></table>
${chart('stringency')}
<h3>Drift over the exam day</h3>
<table><thead><tr><th>Examiner</th><th>Session</th><th>Recordings</th><th>Slope (points per recording)</th><th>First half mean</th><th>Second half mean</th></tr></thead><tbody>${drift}</tbody></table>
${chart('drift')}
<h3>Bland-Altman of recording totals</h3>
${
  r.blandAltman.length === 0
    ? '<p class="muted">No recording has two complete markings yet.</p>'
    : `<table><thead><tr><th>Difference</th><th>Recordings</th><th>Mean difference</th><th>SD</th><th>Lower limit</th><th>Upper limit</th></tr></thead><tbody>${ba}</tbody></table>`
}
${chart('bland-altman')}
${notes.html()}`;
}

function stepsSection(r: AgreementReport): string {
  const ceiling = new Map((r.leaderboard.ceiling?.result.perStep ?? []).map((s) => [s.stepId, s]));
  const trust: StepTrust[] = r.trust;
  if (ceiling.size === 0 && trust.length === 0) return '';
  const head = trust
    .map(
      (t) =>
        `<th class="model">${esc(t.config.model)} <span class="reason">${esc(t.config.promptVersion)} · ${esc(t.config.task)} · ${esc(t.config.mode)} · model suggestion</span></th>`,
    )
    .join('');
  const rows = r.steps
    .map((step) => {
      const c = ceiling.get(step.stepId);
      const cells = trust
        .map((t) => {
          const s = t.steps.find((x) => x.stepId === step.stepId);
          if (!s) return '<td class="muted">—</td>';
          if (!s.enough) return `<td class="muted">not enough data (n ${s.n} &lt; ${t.minCount})</td>`;
          const n = `<span class="muted">(n ${s.n})</span>`;
          return t.config.task === 'binary'
            ? `<td>MCC ${metricHtml(s.mcc, 2)} · agree ${metricHtml(s.exact, 2)} ${n}</td>`
            : `<td>κ ${metricHtml(s.qwk, 2)} · AC1 ${metricHtml(s.ac1, 2)} · exact ${metricHtml(s.exact, 2)} ${n}</td>`;
        })
        .join('');
      return `<tr><td>${esc(step.title)}<span class="reason">${esc(step.stepId)} · max ${step.maxPoints}</span></td><td>${
        c
          ? `κ ${metricHtml(c.step.qwk, 2)} · AC1 ${metricHtml(c.step.ac1, 2)} <span class="muted">(n ${c.nSteps})</span>`
          : '<span class="muted">—</span>'
      }</td>${cells}</tr>`;
    })
    .join('\n');
  return `<h2>Per step</h2>
<p>Agreement on each rubric step: between the examiners, and for each model against the final scores. Figures from fewer than ${trust[0]?.minCount ?? 20} compared recordings are shown as not enough data.</p>
<table><thead><tr><th>Step</th><th>Examiners (first vs second)</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function methodSection(r: AgreementReport): string {
  const problems = r.problems.length
    ? `<h3>Data left out</h3><ul>${r.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`
    : '';
  return `<h2>How these figures are made</h2>
<ul>
<li><strong>Final score</strong> of a step: the adjudicated score if there is one; else the score every examiner who submitted agrees on; else, with a single examiner, that examiner's score. Steps awaiting adjudication have none.</li>
<li>Steps marked <strong>not assessable</strong> are left out of every statistic.</li>
<li>Step scores map to four ordinal categories (full marks, minor deduction, clearly deficient, zero) by each rubric's own mapping; κ is quadratically weighted (SiMing-Bench, appendix E). Error detection counts a step scored below its maximum as an error.</li>
<li>PLCC and SRCC compare recording totals, only on recordings both raters scored completely. Totals of different stations are not comparable, so with several stations they are given per station.</li>
<li>95% intervals resample recordings (${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}), so the same data always gives the same report.</li>
<li>An undefined figure (a rater who never varies, too few recordings) is shown as undefined with the reason.</li>
</ul>${problems}`;
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

export function renderReportHtml(r: AgreementReport): string {
  const charts = reportCharts(r, { static: true });
  const body = `${header(r)}
${modelsSection(r, charts)}
${examinersSection(r, charts)}
${stepsSection(r)}
${methodSection(r)}
<script type="application/json" id="chart-data">${jsonForScript(charts)}</script>`;
  return htmlPage({
    title: `Agreement report${r.scope.session ? ` — ${r.scope.session}` : ''}`,
    body,
    css: MODEL_CSS,
    scripts: [chartJsSource(), CHART_SCRIPT],
  });
}
