/**
 * The model sections of the HTML/PDF report: the leaderboard per task and mode (ranked entries on
 * their common items with a sentence on what each means in practice, entries listed apart with the
 * reason, error detection with the all-errors baseline, the examiners here and the published
 * figures as context) and the paired comparisons of the paper's four tasks.
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
import type { glossary } from '../../domain/i18n/en/glossary';
import { modelSentence } from '../../domain/report-charts/sentences';
import { esc, intervalHtml, metricHtml, Notes, type Writing } from './html-kit';

type Term = keyof typeof glossary.terms;

/** A column or heading with its glossary line as a tooltip (the glossary section has them all). */
export function term(w: Writing, key: Term, label: string): string {
  return `<abbr title="${esc(w.t(`glossary:terms.${key}.short`))}">${esc(label)}</abbr>`;
}

const GROUP_KEYS = [
  'score/full',
  'score/clips',
  'binary/full',
  'binary/clips',
  'score/unknown',
  'binary/unknown',
] as const;
function groupTitle(w: Writing, key: string): string {
  return (GROUP_KEYS as readonly string[]).includes(key)
    ? w.t(`reports:groups.${key as (typeof GROUP_KEYS)[number]}`)
    : key;
}

function origin(w: Writing, e: LeaderboardEntry): string {
  const text = w.t(`reports:leaderboard.origin.${e.config.source}`);
  return e.config.source === 'app' && e.config.provider ? `${text} (${e.config.provider})` : text;
}

function configCell(w: Writing, e: LeaderboardEntry): string {
  return `<span class="model">${esc(e.config.label)}</span> <span class="tag model">${esc(w.t('reports:leaderboard.modelSuggestion'))}</span><span class="reason">${esc(origin(w, e))}</span>`;
}

function coverageCell(w: Writing, e: LeaderboardEntry): string {
  const c = e.coverage;
  const { t } = w;
  const na =
    c.notAssessable > 0
      ? `<span class="reason">${esc(t('reports:leaderboard.notAssessableSteps', { count: c.notAssessable }))}</span>`
      : '';
  return `${esc(t('reports:leaderboard.coverageRecordings', { n: c.recordings, of: c.ofRecordings, share: pct(w, c.fraction, 0) }))}<span class="reason">${esc(t('reports:leaderboard.coverageSteps', { n: c.steps, of: c.ofSteps }))}</span>${na}`;
}

function pct(w: Writing, fraction: number, digits: number): string {
  return new Intl.NumberFormat(w.locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

function standingCell(w: Writing, e: LeaderboardEntry): string {
  return e.standing
    ? `<span class="tag standing-${e.standing}">${esc(w.t(`reports:standings.${e.standing}`))}</span>`
    : '—';
}

const rate = (w: Writing, m: ErrorDetectionFigures['predictedErrorRate'], notes: Notes) =>
  m.value === null ? metricHtml(w, m, 0, notes) : pct(w, m.value, 1);

function errorCells(w: Writing, d: ErrorDetectionFigures, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 3, notes);
  return [m(d.precision), m(d.recall), m(d.f1), rate(w, d.predictedErrorRate, notes)]
    .map((c) => `<td>${c}</td>`)
    .join('');
}

function errorHead(w: Writing): string {
  const { t } = w;
  return [
    term(w, 'precision', t('reports:figures.precision')),
    term(w, 'recall', t('reports:figures.recall')),
    term(w, 'f1', t('reports:figures.f1')),
    term(w, 'predictedErrors', t('reports:figures.predictedErrors')),
  ]
    .map((h) => `<th>${h}</th>`)
    .join('');
}

function rankedRow(w: Writing, g: LeaderboardGroup, e: LeaderboardEntry, notes: Notes): string {
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 3, notes);
  const primary = `${m(e.primary.metric)}${intervalHtml(w, e.primary.interval ?? undefined, 2, notes, e.primary.metric.reason)}`;
  const rest =
    g.task === 'score'
      ? [m(e.result.step.ac1), m(e.result.step.exact), m(e.result.binary.mcc), m(e.result.overall.plcc)]
          .map((c) => `<td>${c}</td>`)
          .join('')
      : errorCells(w, e.errorDetection, notes);
  return `<tr><td>${e.rank}</td><td>${configCell(w, e)}</td><td>${coverageCell(w, e)}</td><td>${primary}</td><td>${standingCell(w, e)}</td>${rest}</tr>`;
}

function baselineRow(w: Writing, g: LeaderboardGroup, notes: Notes): string {
  const b = g.allErrorsBaseline;
  if (!b) return '';
  return `<tr class="muted"><td></td><td>${esc(w.t('reports:leaderboard.baselineRow'))}</td><td>${esc(w.t('reports:leaderboard.baselineSteps', { n: b.n, share: rate(w, b.prevalence, notes) }))}</td><td>${metricHtml(w, b.mcc, 3, notes)}</td><td></td>${errorCells(w, b, notes)}</tr>`;
}

function contextRows(w: Writing, r: AgreementReport, g: LeaderboardGroup, cols: number): string {
  const ceiling = r.leaderboard.ceiling?.result;
  if (!ceiling) return '';
  const value = g.task === 'score' ? ceiling.step.qwk : ceiling.binary.mcc;
  return `<tr class="muted"><td></td><td>${esc(w.t('reports:leaderboard.examinersHere'))} ${esc(w.t('reports:leaderboard.examinersHereNote'))}</td><td></td><td>${metricHtml(w, value, 3)}</td><td colspan="${cols - 4}"></td></tr>`;
}

const FIGURE_KEYS = {
  qwk: 'qwk',
  plcc: 'abbrPlcc',
  srcc: 'abbrSrcc',
  mcc: 'abbrMcc',
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
} as const;

/** "step κ 0.048" */
const figureText = (w: Writing, f: PublishedFigure) =>
  `${w.t(`reports:figures.${FIGURE_KEYS[f.figure]}`)} ${w.num(f.value, 3)}`;

/** The published figures for this task, each best one with its model and that model's other figures. */
function publishedNote(w: Writing, g: LeaderboardGroup): string {
  const p = g.published;
  if (!p) return '';
  const items = [
    ...p.best.map(
      (f) =>
        `<li>${esc(w.t('reports:leaderboard.publishedBest', { figure: figureText(w, f), who: f.who, table: f.table }))}${f.sameModel.length ? `, ${esc(w.t('reports:leaderboard.sameModel', { figures: f.sameModel.map((x) => figureText(w, x)).join(', ') }))}` : ''}</li>`,
    ),
    ...p.physicians.map((f) => `<li>${esc(f.who)}: ${esc(figureText(w, f))} (${esc(f.table)})</li>`),
    ...(p.note ? [`<li>${esc(p.note)}</li>`] : []),
  ];
  return `<div class="note"><strong>${esc(w.t('reports:leaderboard.published'))}</strong><ul>${items.join('')}</ul></div>`;
}

/** What each entry's figures mean in practice, one sentence per model. */
function inPractice(w: Writing, r: AgreementReport, g: LeaderboardGroup, entries: LeaderboardEntry[]): string {
  if (entries.length === 0) return '';
  const sentences = entries.map((e) => {
    const trust = r.trust.find((tr) => tr.config.key === e.config.key);
    return `<p data-sentence>${esc(modelSentence(e, g, trust, w.t, w.locale))}</p>`;
  });
  return `<div class="in-practice"><strong>${esc(w.t('reports:leaderboard.inPractice'))}</strong>${sentences.join('')}</div>`;
}

function groupSection(w: Writing, r: AgreementReport, g: LeaderboardGroup): string {
  const { t } = w;
  const notes = new Notes(w);
  const entries = r.leaderboard.entries.filter((e) => e.group === g.key);
  const ranked = entries.filter((e) => e.rank !== null);
  const apart = entries.filter((e) => e.rank === null);
  const primaryHead =
    g.task === 'score'
      ? term(w, 'qwk', t('reports:leaderboard.stepKappaCi'))
      : term(w, 'mcc', t('reports:leaderboard.mccCi'));
  const restHead =
    g.task === 'score'
      ? [
          term(w, 'ac1', t('reports:figures.abbrAgreementCoefficient')),
          term(w, 'exact', t('reports:figures.exact')),
          term(w, 'mcc', t('reports:figures.abbrMcc')),
          term(w, 'plcc', t('reports:figures.abbrPlcc')),
        ]
          .map((h) => `<th>${h}</th>`)
          .join('')
      : errorHead(w);
  const cols = 9;
  const common = g.problem
    ? `<p class="warning">${esc(t('reports:leaderboard.notRanked', { why: w.reason(g.problem) }))}</p>`
    : `<p class="muted">${esc(t('reports:leaderboard.commonSet', { recordings: g.commonSet.recordings, steps: g.commonSet.steps }))}${g.leftOut ? ` ${esc(t('reports:leaderboard.leftOut', { count: g.leftOut }))}` : ''}</p>`;
  const table = ranked.length
    ? `<table><thead><tr><th>${esc(t('reports:leaderboard.rank'))}</th><th>${esc(t('reports:leaderboard.configuration'))}</th><th>${term(w, 'coverage', t('reports:leaderboard.coverage'))}</th><th>${primaryHead}</th><th>${term(w, 'standing', t('reports:leaderboard.standing'))}</th>${restHead}</tr></thead><tbody>
${ranked.map((e) => rankedRow(w, g, e, notes)).join('\n')}
${g.task === 'binary' ? baselineRow(w, g, notes) : ''}
${contextRows(w, r, g, cols)}
</tbody></table>`
    : '';
  const errorTable =
    g.task === 'score' && ranked.length
      ? `<h4>${esc(t('reports:leaderboard.errorDetection'))}</h4>
<table><thead><tr><th>${esc(t('reports:leaderboard.rank'))}</th><th>${esc(t('reports:leaderboard.configuration'))}</th><th>${esc(t('reports:leaderboard.steps'))}</th>${errorHead(w)}<th>${term(w, 'mcc', t('reports:figures.abbrMcc'))}</th></tr></thead><tbody>
${ranked
  .map(
    (e) =>
      `<tr><td>${e.rank}</td><td><span class="model">${esc(e.config.model)}</span></td><td>${e.errorDetection.n}</td>${errorCells(w, e.errorDetection, notes)}<td>${metricHtml(w, e.errorDetection.mcc, 3, notes)}</td></tr>`,
  )
  .join('\n')}
${g.allErrorsBaseline ? `<tr class="muted"><td></td><td>${esc(t('reports:leaderboard.baselineShort'))}</td><td>${g.allErrorsBaseline.n}</td>${errorCells(w, g.allErrorsBaseline, notes)}<td>${metricHtml(w, g.allErrorsBaseline.mcc, 3, notes)}</td></tr>` : ''}
</tbody></table>`
      : '';
  const apartTable = apart.length
    ? `<h4>${esc(t('reports:leaderboard.apart'))}</h4>
<table><thead><tr><th>${esc(t('reports:leaderboard.configuration'))}</th><th>${term(w, 'coverage', t('reports:leaderboard.coverage'))}</th><th>${esc(t('reports:leaderboard.whyNot'))}</th></tr></thead><tbody>
${apart.map((e) => `<tr class="unranked"><td>${configCell(w, e)}</td><td>${coverageCell(w, e)}</td><td>${esc(w.reason(e.unranked ?? ''))}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  return `<h3>${esc(groupTitle(w, g.key))}</h3>
${common}
${table}
${inPractice(w, r, g, [...ranked, ...apart])}
${errorTable}
${apartTable}
${publishedNote(w, g)}
${notes.html()}`;
}

export function leaderboardSections(w: Writing, r: AgreementReport): string {
  const lb = r.leaderboard;
  const s = lb.settings;
  const intro = `<p>${esc(w.t('reports:leaderboard.htmlIntro', { coverage: pct(w, s.minCoverage, 0), min: s.minRecordings }))}</p>`;
  if (lb.entries.length === 0) return `${intro}<p class="muted">${esc(w.t('reports:leaderboard.none'))}</p>`;
  return `${intro}\n${lb.groups.map((g) => groupSection(w, r, g)).join('\n')}`;
}

function pairedRow(w: Writing, label: string, f: PairedFigure, notes: Notes, cls = ''): string {
  const m = (x: Parameters<typeof metricHtml>[1]) => metricHtml(w, x, 3, notes);
  return `<tr${cls ? ` class="${cls}"` : ''}><td>${label}</td><td>${f.recordings} / ${f.steps}</td><td>${m(f.a)}</td><td>${m(f.b)}</td><td>${m(f.difference)}${f.difference.value === null ? '' : intervalHtml(w, f.interval ?? undefined, 2, notes)}</td></tr>`;
}

function pairedSection(w: Writing, p: PairedComparison): string {
  const { t } = w;
  const notes = new Notes(w);
  const [aName, bName] =
    p.kind === 'full-vs-clips'
      ? [t('reports:paired.sides.fullVideo'), t('reports:paired.sides.stepClips')]
      : [t('reports:paired.sides.stepScores'), t('reports:paired.sides.correctError')];
  const rows = [
    pairedRow(w, `<strong>${esc(t('reports:paired.allSteps'))}</strong>`, p.overall, notes),
    ...p.perStation.map((s) => pairedRow(w, esc(t('reports:paired.stationRow', { station: s.station })), s, notes)),
    ...p.perStep.map((s) => pairedRow(w, esc(s.title), s, notes, 'step')),
  ];
  return `<h3>${esc(t(`reports:paired.kinds.${p.kind}`))}: ${esc(p.a.model)}</h3>
<p class="muted">A: <span class="model">${esc(p.a.label)}</span><br>B: <span class="model">${esc(p.b.label)}</span><br>${esc(t('reports:paired.figureLine', { measure: t(`reports:paired.measures.${p.figure}`) }))}</p>
<table><thead><tr><th>${esc(t('reports:paired.items'))}</th><th>${esc(t('reports:paired.recordingsSteps'))}</th><th>A: ${esc(aName)}</th><th>B: ${esc(bName)}</th><th>${esc(t('reports:paired.difference'))}</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${notes.html()}`;
}

export function pairedSections(w: Writing, r: AgreementReport): string {
  const paired = r.leaderboard.paired;
  const intro = `<h2>${esc(w.t('reports:paired.title'))}</h2>
<p>${esc(w.t('reports:paired.intro'))}</p>`;
  if (paired.length === 0) return `${intro}<p class="muted">${esc(w.t('reports:paired.none'))}</p>`;
  return `${intro}\n${paired.map((p) => pairedSection(w, p)).join('\n')}`;
}
