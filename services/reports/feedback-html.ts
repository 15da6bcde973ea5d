/**
 * Trainee feedback as a self-contained HTML page (no scripts, pictures inline) ready to print, in
 * the reader's language: one candidate's, or a whole session's with each candidate on their own
 * pages so the printout can be handed out candidate by candidate.
 */
import { formatDate } from '../../domain/i18n/format';
import type { Locale } from '../../domain/i18n/locales';
import { esc, htmlPage, writingFor, type Writing } from './html-kit';
import type { FeedbackRecording, FeedbackStep, TraineeFeedback } from './feedback';

const FEEDBACK_CSS = `
  .recording { break-before: page; }
  .recording:first-of-type { break-before: auto; }
  .candidate + .candidate { break-before: page; }
  .candidate .recording:first-of-type { break-before: auto; }
  .candidate-code { float: right; color: var(--muted); font-size: 11px; }
  .score { font-size: 20px; font-weight: 600; }
  .step { display: grid; grid-template-columns: 1fr 200px; gap: 12px; border: 1px solid var(--line); border-radius: 8px;
          padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
  .step.critical { border-left: 4px solid var(--bad); }
  .step h4 { margin: 0 0 2px; font-size: 14px; }
  .points { font-weight: 600; }
  .criteria { background: #f3f8f3; border-left: 3px solid var(--ok); padding: 6px 10px; margin: 6px 0 0; }
  .comment { margin: 6px 0 0; padding: 6px 10px; background: #fff8e6; border-left: 3px solid #d99a00; }
  .when { font-size: 11.5px; color: var(--muted); }
  .thumb img { width: 200px; border-radius: 4px; display: block; }
  .thumb .when { margin-top: 3px; }
  ul.plain { padding-left: 18px; margin: 4px 0; }
`;

function clock(s: number): string {
  const whole = Math.max(0, Math.round(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

const points = (w: Writing, n: number) => w.num(n, Number.isInteger(n) ? 0 : 1);

function when(w: Writing, step: FeedbackStep): string {
  return step.span ? w.t('feedback:doc.when', { start: clock(step.span.startS), end: clock(step.span.endS) }) : '';
}

function deductionHtml(w: Writing, step: FeedbackStep): string {
  const { t } = w;
  const comments = step.comments
    .map((c) => `<p class="comment"><strong>${esc(t('feedback:doc.examinerComment'))}</strong> ${esc(c)}</p>`)
    .join('');
  // Only a data: URL the feedback builder made is ever written into src.
  const src = step.thumbnail?.startsWith('data:image/jpeg;base64,') ? step.thumbnail : null;
  const picture = src
    ? `<div class="thumb"><img src="${esc(src)}" alt="${esc(t('feedback:doc.frameAlt', { step: step.title }))}"><div class="when">${esc(when(w, step))}</div></div>`
    : `<div class="thumb"><div class="when">${esc(when(w, step))}</div></div>`;
  return `<div class="step${step.critical ? ' critical' : ''}">
<div>
<h4>${esc(step.title)}${step.critical ? ` <span class="tag hawk">${esc(t('feedback:doc.criticalStep'))}</span>` : ''}</h4>
<div class="points">${esc(t('feedback:doc.points', { score: points(w, step.score ?? 0), max: points(w, step.maxPoints) }))}</div>
${comments}
<p class="criteria"><strong>${esc(t('feedback:doc.requires'))}</strong> ${esc(step.criteria)}</p>
</div>
${picture}
</div>`;
}

function recordingHtml(w: Writing, r: FeedbackRecording): string {
  const { t } = w;
  const deductions = r.steps.filter((s) => s.state === 'deduction');
  const full = r.steps.filter((s) => s.state === 'full');
  const pending = r.steps.filter((s) => s.state === 'pending' || s.state === 'unmarked');
  const notAssessable = r.steps.filter((s) => s.state === 'not_assessable');
  const praise = full.flatMap((s) => s.comments.map((c) => `<li>${esc(s.title)}: ${esc(c)}</li>`)).join('');
  return `<section class="recording">
<h2>${esc(t('feedback:doc.stationLine', { rubric: r.rubricTitle, station: r.station }))}</h2>
<p class="muted">${esc(r.session)}${r.sessionDate ? ` · ${esc(formatDate(r.sessionDate, w.locale))}` : ''}</p>
<p class="score">${esc(r.total === null ? t('feedback:doc.notFinal') : t('feedback:doc.points', { score: points(w, r.total), max: points(w, r.maxTotal) }))}</p>
${r.pictureNote ? `<p class="muted">${esc(t(`feedback:doc.pictures.${r.pictureNote}`))}</p>` : ''}
<h3>${esc(deductions.length ? t('feedback:doc.toPractise') : t('feedback:doc.noPointsLost'))}</h3>
${deductions.map((s) => deductionHtml(w, s)).join('\n')}
${
  pending.length
    ? `<h3>${esc(t('feedback:doc.stillReviewed'))}</h3><p>${esc(t('feedback:doc.stillReviewedText'))}</p><ul class="plain">${pending
        .map((s) => `<li>${esc(s.title)}</li>`)
        .join('')}</ul>`
    : ''
}
${full.length ? `<h3>${esc(t('feedback:doc.doneCorrectly'))}</h3><p>${full.map((s) => esc(s.title)).join(' · ')}</p>${praise ? `<ul class="plain">${praise}</ul>` : ''}` : ''}
${
  notAssessable.length
    ? `<h3>${esc(t('feedback:doc.notAssessed'))}</h3><p class="muted">${esc(t('feedback:doc.notAssessedText', { steps: notAssessable.map((s) => s.title).join(' · ') }))}</p>`
    : ''
}
</section>`;
}

/** One candidate's part: their code on top, their recordings, nobody else's. */
function candidateHtml(w: Writing, f: TraineeFeedback, heading: 'h1' | 'h2'): string {
  const { t } = w;
  return `<article class="candidate" data-candidate="${esc(f.candidate)}">
<${heading}>${esc(t('feedback:doc.heading', { candidate: f.candidate }))}</${heading}>
<p class="muted">${esc(t('feedback:doc.intro', { date: formatDate(f.generatedAt, w.locale) }))}</p>
${f.recordings.length === 0 ? `<p>${esc(t('feedback:doc.nothingMarked'))}</p>` : f.recordings.map((r) => recordingHtml(w, r)).join('\n')}
</article>`;
}

export function renderFeedbackHtml(f: TraineeFeedback, locale: Locale = 'en'): string {
  const w = writingFor(locale);
  return htmlPage({
    title: w.t('feedback:doc.title', { candidate: f.candidate }),
    lang: locale,
    body: candidateHtml(w, f, 'h1'),
    css: FEEDBACK_CSS,
  });
}

/**
 * A session's feedback in one document: each candidate starts on a new page, so an examiner
 * prints once and hands every candidate only their own pages.
 */
export function renderSessionFeedbackHtml(
  session: string,
  all: readonly TraineeFeedback[],
  generatedAt: string,
  locale: Locale = 'en',
): string {
  const w = writingFor(locale);
  const { t } = w;
  const body = all.length
    ? all.map((f) => candidateHtml(w, f, 'h1')).join('\n')
    : `<h1>${esc(t('feedback:doc.sessionHeading', { session }))}</h1><p>${esc(t('feedback:doc.sessionEmpty'))}</p><p class="muted">${esc(formatDate(generatedAt, locale))}</p>`;
  return htmlPage({ title: t('feedback:doc.sessionTitle', { session }), lang: locale, body, css: FEEDBACK_CSS });
}
