/**
 * The model sections of the HTML/PDF report: the leaderboard per task and mode (ranked entries on
 * their common items, entries listed apart with the reason, error detection with the all-errors
 * baseline, the examiners here and the published figures as context) and the paired comparisons
 * of the paper's four tasks.
 */
import type {
  AgreementReport,
  ErrorDetectionFigures,
  LeaderboardEntry,
  LeaderboardGroup,
  PairedComparison,
  PairedFigure,
  PublishedFigure,
} from '../../contract/reports';
import {
  FIGURE_NAMES,
  GROUP_TITLES,
  PAIRED_FIGURES,
  PAIRED_TITLES,
  STANDING_LABELS,
} from '../../domain/report-charts/words';
import { esc, fixed, intervalHtml, metricHtml, Notes } from './html-kit';

function origin(e: LeaderboardEntry): string {
  if (e.config.source === 'app') return `run in the app${e.config.provider ? ` (${e.config.provider})` : ''}`;
  return e.config.source === 'demo' ? 'demo data' : 'imported predictions';
}

function configCell(e: LeaderboardEntry): string {
  return `<span class="model">${esc(e.config.label)}</span> <span class="tag model">model suggestion</span><span class="reason">${esc(origin(e))}</span>`;
}

function coverageCell(e: LeaderboardEntry): string {
  const c = e.coverage;
  const na = c.notAssessable > 0 ? `<span class="reason">${c.notAssessable} steps not assessable</span>` : '';
  return `${c.recordings} / ${c.ofRecordings} rec. (${Math.round(c.fraction * 100)}%)<span class="reason">${c.steps} / ${c.ofSteps} steps</span>${na}`;
}

function standingCell(e: LeaderboardEntry): string {
  return e.standing ? `<span class="tag standing-${e.standing}">${esc(STANDING_LABELS[e.standing])}</span>` : '—';
}

const rate = (m: ErrorDetectionFigures['predictedErrorRate'], notes: Notes) =>
  m.value === null ? metricHtml(m, 0, notes) : `${Math.round(m.value * 1000) / 10}%`;

function errorCells(d: ErrorDetectionFigures, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[0]) => metricHtml(x, 3, notes);
  return [m(d.precision), m(d.recall), m(d.f1), rate(d.predictedErrorRate, notes)].map((c) => `<td>${c}</td>`).join('');
}

function rankedRow(g: LeaderboardGroup, e: LeaderboardEntry, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[0]) => metricHtml(x, 3, notes);
  const primary = `${m(e.primary.metric)}${intervalHtml(e.primary.interval ?? undefined, 2, notes, e.primary.metric.reason)}`;
  const rest =
    g.task === 'score'
      ? [m(e.result.step.ac1), m(e.result.step.exact), m(e.result.binary.mcc), m(e.result.overall.plcc)]
          .map((c) => `<td>${c}</td>`)
          .join('')
      : errorCells(e.errorDetection, notes);
  return `<tr><td>${e.rank}</td><td>${configCell(e)}</td><td>${coverageCell(e)}</td><td>${primary}</td><td>${standingCell(e)}</td>${rest}</tr>`;
}

function baselineRow(g: LeaderboardGroup, notes: Notes, withPrimary: boolean): string {
  const b = g.allErrorsBaseline;
  if (!b) return '';
  const lead = withPrimary ? `<td>${metricHtml(b.mcc, 3, notes)}</td><td></td>` : '';
  return `<tr class="muted"><td></td><td>Calling every step an error (this data set's baseline)</td><td>${b.n} steps, ${rate(b.prevalence, notes)} errors</td>${lead}${errorCells(b, notes)}</tr>`;
}

function contextRows(r: AgreementReport, g: LeaderboardGroup, cols: number): string {
  const figure = g.task === 'score' ? 'qwk' : 'mcc';
  const ceiling = r.leaderboard.ceiling?.result;
  const rows: string[] = [];
  if (ceiling)
    rows.push(
      `<tr class="muted"><td></td><td>Examiners here (first vs second to submit)</td><td></td><td>${metricHtml(figure === 'qwk' ? ceiling.step.qwk : ceiling.binary.mcc, 3)}</td><td colspan="${cols - 4}"></td></tr>`,
    );
  return rows.join('');
}

/** "step κ 0.048" */
const figureText = (f: PublishedFigure) => `${FIGURE_NAMES[f.figure]} ${fixed(f.value, 3)}`;

/** The published figures for this task, each best one with its model and that model's other figures. */
function publishedNote(g: LeaderboardGroup): string {
  const p = g.published;
  if (!p) return '';
  const items = [
    ...p.best.map(
      (f) =>
        `<li>Best ${esc(figureText(f))}: ${esc(f.who)} (${f.table})${f.sameModel.length ? `, with ${esc(f.sameModel.map(figureText).join(', '))}` : ''}</li>`,
    ),
    ...p.physicians.map((f) => `<li>${esc(f.who)}: ${esc(figureText(f))} (${f.table})</li>`),
    ...(p.note ? [`<li>${esc(p.note)}</li>`] : []),
  ];
  return `<div class="note"><strong>Published (SiMing-Bench)</strong><ul>${items.join('')}</ul></div>`;
}

function groupSection(r: AgreementReport, g: LeaderboardGroup): string {
  const notes = new Notes();
  const entries = r.leaderboard.entries.filter((e) => e.group === g.key);
  const ranked = entries.filter((e) => e.rank !== null);
  const apart = entries.filter((e) => e.rank === null);
  const primaryName = g.task === 'score' ? 'Step κ [95% CI]' : 'MCC [95% CI]';
  const restHead =
    g.task === 'score'
      ? '<th>AC1</th><th>Exact</th><th>MCC</th><th>PLCC</th>'
      : '<th>Precision</th><th>Recall</th><th>F1</th><th>Predicted errors</th>';
  const cols = 9;
  const common = g.problem
    ? `<p class="warning">Not ranked: ${esc(g.problem)}.</p>`
    : `<p class="muted">Ranked on the ${g.commonSet.recordings} recordings and ${g.commonSet.steps} steps every ranked entry covers${g.commonSet.stations.length ? ` (stations ${esc(g.commonSet.stations.join(', '))})` : ''}${g.leftOut ? `; ${g.leftOut} steps some entries did not score (not assessable, e.g. spoken steps without audio, or not judged) are left out for all` : ''}.</p>`;
  const table = ranked.length
    ? `<table><thead><tr><th>Rank</th><th>Configuration</th><th>Coverage</th><th>${primaryName}</th><th>Standing</th>${restHead}</tr></thead><tbody>
${ranked.map((e) => rankedRow(g, e, notes)).join('\n')}
${g.task === 'binary' ? baselineRow(g, notes, true) : ''}
${contextRows(r, g, cols)}
</tbody></table>`
    : '';
  const errorTable =
    g.task === 'score' && ranked.length
      ? `<h4>Read as error detection (a step scored below its maximum is an error)</h4>
<table><thead><tr><th>Rank</th><th>Configuration</th><th>Steps</th><th>Precision</th><th>Recall</th><th>F1</th><th>Predicted errors</th><th>MCC</th></tr></thead><tbody>
${ranked
  .map(
    (e) =>
      `<tr><td>${e.rank}</td><td><span class="model">${esc(e.config.model)}</span></td><td>${e.errorDetection.n}</td>${errorCells(e.errorDetection, notes)}<td>${metricHtml(e.errorDetection.mcc, 3, notes)}</td></tr>`,
  )
  .join('\n')}
${g.allErrorsBaseline ? `<tr class="muted"><td></td><td>Calling every step an error (baseline)</td><td>${g.allErrorsBaseline.n}</td>${errorCells(g.allErrorsBaseline, notes)}<td>${metricHtml(g.allErrorsBaseline.mcc, 3, notes)}</td></tr>` : ''}
</tbody></table>`
      : '';
  const apartTable = apart.length
    ? `<h4>Listed apart, not ranked</h4>
<table><thead><tr><th>Configuration</th><th>Coverage</th><th>Why not ranked</th></tr></thead><tbody>
${apart.map((e) => `<tr class="unranked"><td>${configCell(e)}</td><td>${coverageCell(e)}</td><td>${esc(e.unranked ?? '')}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  return `<h3>${esc(GROUP_TITLES[g.key] ?? g.key)}</h3>
${common}
${table}
${errorTable}
${apartTable}
${publishedNote(g)}
${notes.html()}`;
}

export function leaderboardSections(r: AgreementReport): string {
  const lb = r.leaderboard;
  const s = lb.settings;
  const intro = `<p>Every model configuration run on or imported for these recordings, against the final scores, compared within each of the paper's four tasks (step scores or correct/error, on full videos or step clips) on the items every ranked entry covers. A configuration that covers less than ${Math.round(s.minCoverage * 100)}% of the recordings with final scores, or fewer than ${s.minRecordings} recordings, is listed apart and not ranked. Step scores are ranked by step-level κ, correct/error by MCC; equal figures share a rank, and an entry whose 95% interval overlaps the leader's is not distinguishable from it.</p>`;
  if (lb.entries.length === 0)
    return `${intro}<p class="muted">No model has been run on, or imported for, these recordings.</p>`;
  return `${intro}\n${lb.groups.map((g) => groupSection(r, g)).join('\n')}`;
}

function pairedRow(label: string, f: PairedFigure, notes: Notes, cls = ''): string {
  const m = (x: Parameters<typeof metricHtml>[0]) => metricHtml(x, 3, notes);
  return `<tr${cls ? ` class="${cls}"` : ''}><td>${label}</td><td>${f.recordings} / ${f.steps}</td><td>${m(f.a)}</td><td>${m(f.b)}</td><td>${m(f.difference)}${f.difference.value === null ? '' : intervalHtml(f.interval ?? undefined, 2, notes)}</td></tr>`;
}

function pairedSection(p: PairedComparison): string {
  const notes = new Notes();
  const [aName, bName] = p.kind === 'full-vs-clips' ? ['Full video', 'Step clips'] : ['Step scores', 'Correct/error'];
  const rows = [
    pairedRow('<strong>All steps both cover</strong>', p.overall, notes),
    ...p.perStation.map((s) => pairedRow(`Station ${esc(s.station)}`, s, notes)),
    ...p.perStep.map((s) => pairedRow(`${esc(s.title)}<span class="reason">${esc(s.stepId)}</span>`, s, notes, 'step')),
  ];
  return `<h3>${esc(PAIRED_TITLES[p.kind])}: ${esc(p.a.model)}</h3>
<p class="muted">A: <span class="model">${esc(p.a.label)}</span><br>B: <span class="model">${esc(p.b.label)}</span><br>Figure: ${esc(PAIRED_FIGURES[p.figure])}, on the steps both cover; the difference is B − A with a paired bootstrap 95% interval (the same recordings drawn for both).</p>
<table><thead><tr><th>Items</th><th>Recordings / steps</th><th>A: ${aName}</th><th>B: ${bName}</th><th>B − A [95% CI]</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${notes.html()}`;
}

export function pairedSections(r: AgreementReport): string {
  const paired = r.leaderboard.paired;
  const intro = `<h2>The four tasks side by side</h2>
<p>A model configuration run in both modes (full video and step clips) or on both tasks (step scores and correct/error) is compared with itself on exactly the steps both runs cover.</p>`;
  if (paired.length === 0)
    return `${intro}<p class="muted">No configuration has been run both ways on the same recordings yet.</p>`;
  return `${intro}\n${paired.map(pairedSection).join('\n')}`;
}
