/** Trainee feedback as a self-contained HTML page (no scripts, pictures inline) ready to print. */
import { esc, fixed, htmlPage } from './html-kit';
import type { FeedbackRecording, FeedbackStep, TraineeFeedback } from './feedback';

const FEEDBACK_CSS = `
  .recording { break-before: page; }
  .recording:first-of-type { break-before: auto; }
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

const points = (n: number) => fixed(n, Number.isInteger(n) ? 0 : 1);

function when(step: FeedbackStep): string {
  return step.span ? `In the recording at ${clock(step.span.startS)}–${clock(step.span.endS)}` : '';
}

function deductionHtml(step: FeedbackStep): string {
  const comments = step.comments
    .map((c) => `<p class="comment"><strong>Examiner's comment:</strong> ${esc(c)}</p>`)
    .join('');
  const picture = step.thumbnail
    ? `<div class="thumb"><img src="${step.thumbnail}" alt="Frame from ${esc(step.title)}"><div class="when">${esc(when(step))}</div></div>`
    : `<div class="thumb"><div class="when">${esc(when(step))}</div></div>`;
  return `<div class="step${step.critical ? ' critical' : ''}">
<div>
<h4>${esc(step.title)}${step.critical ? ' <span class="tag hawk">critical step</span>' : ''}</h4>
<div class="points">${points(step.score ?? 0)} of ${points(step.maxPoints)} points</div>
${comments}
<p class="criteria"><strong>What correct execution requires:</strong> ${esc(step.criteria)}</p>
</div>
${picture}
</div>`;
}

function recordingHtml(r: FeedbackRecording): string {
  const deductions = r.steps.filter((s) => s.state === 'deduction');
  const full = r.steps.filter((s) => s.state === 'full');
  const pending = r.steps.filter((s) => s.state === 'pending' || s.state === 'unmarked');
  const notAssessable = r.steps.filter((s) => s.state === 'not_assessable');
  const praise = full.flatMap((s) => s.comments.map((c) => `<li>${esc(s.title)}: ${esc(c)}</li>`)).join('');
  return `<section class="recording">
<h2>${esc(r.rubricTitle)} <span class="muted">(station ${esc(r.station)})</span></h2>
<p class="muted">${esc(r.session)}${r.sessionDate ? ` · ${esc(r.sessionDate)}` : ''}</p>
<p class="score">${r.total === null ? 'Result not final yet' : `${points(r.total)} of ${points(r.maxTotal)} points`}</p>
${r.pictureNote ? `<p class="muted">${esc(r.pictureNote)}</p>` : ''}
<h3>${deductions.length ? 'Steps to practise' : 'No points lost'}</h3>
${deductions.map(deductionHtml).join('\n')}
${
  pending.length
    ? `<h3>Still being reviewed</h3><p>The examiners' marks for these steps are being compared; the final mark will follow.</p><ul class="plain">${pending
        .map((s) => `<li>${esc(s.title)}</li>`)
        .join('')}</ul>`
    : ''
}
${full.length ? `<h3>Done fully correctly</h3><p>${full.map((s) => esc(s.title)).join(' · ')}</p>${praise ? `<ul class="plain">${praise}</ul>` : ''}` : ''}
${
  notAssessable.length
    ? `<h3>Not assessed</h3><p class="muted">These steps could not be assessed from the recording and do not count: ${notAssessable.map((s) => esc(s.title)).join(' · ')}.</p>`
    : ''
}
</section>`;
}

export function renderFeedbackHtml(f: TraineeFeedback): string {
  const body = `<h1>Feedback for candidate ${esc(f.candidate)}</h1>
<p class="muted">Marks and comments from the examiners, step by step, with what the rubric asks for. Prepared ${esc(f.generatedAt.slice(0, 10))}.</p>
${f.recordings.length === 0 ? '<p>No recordings of this candidate have been marked yet.</p>' : f.recordings.map(recordingHtml).join('\n')}`;
  return htmlPage({ title: `Feedback — ${f.candidate}`, body, css: FEEDBACK_CSS });
}
