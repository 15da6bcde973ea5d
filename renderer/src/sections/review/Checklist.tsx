import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../../contract/review';
import { useReview } from '../../store/review-store';
import { points } from './format';
import { StepRow } from './StepRow';

/**
 * The station's rubric steps with the examiner's own marks. Two totals, each named: the examiner's
 * own marks (assessable steps only) and, once it exists, the recording's final total.
 */
export function Checklist({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const stepIndex = useReview((s) => s.stepIndex);
  const marks = new Map(view.marking.marks.map((m) => [m.stepId, m]));
  const spans = new Map(view.marking.spans.map((s) => [s.stepId, s]));
  const first = view.suggestions?.[0];
  // A correct/error model's stored score stands for its verdict: show the verdict, never its points.
  const suggested = new Map(
    first?.steps.map((s) => [
      s.stepId,
      first.task === 'binary'
        ? s.correct
          ? t('step.correct')
          : t('step.error')
        : s.score === null
          ? null
          : points(s.score),
    ]) ?? [],
  );

  let total = 0;
  let max = 0;
  for (const step of view.rubric.steps) {
    const m = marks.get(step.id);
    if (m?.notAssessable) continue;
    max += step.maxPoints;
    total += m?.score ?? 0;
  }
  const done = view.rubric.steps.length - view.marking.missingSteps.length;
  const finalsView = view.double.finals;
  const finals = new Map(finalsView?.steps.map((f) => [f.stepId, f]) ?? []);
  const adjudicatorOnly = view.marking.status === 'not_started' && view.double.othersVisible;

  return (
    <section className="checklist card" aria-label={t('checklist.label')}>
      <header className="checklist-head">
        <h2>
          {view.rubric.title} <span className="muted">{t('checklist.version', { version: view.rubric.version })}</span>
        </h2>
        <div className="totals">
          <div className="progress" data-testid="marking-progress">
            {t('checklist.yourMarks', {
              done,
              steps: view.rubric.steps.length,
              total: points(total),
              max: points(max),
            })}
          </div>
          {finalsView ? (
            <div className="progress final-progress" data-testid="checklist-final-total">
              {finalsView.total === null
                ? t('checklist.finalAwaiting')
                : t('checklist.final', { total: points(finalsView.total), max: points(finalsView.maxTotal) })}
            </div>
          ) : null}
        </div>
      </header>
      {adjudicatorOnly ? (
        <p className="adjudicator-note" data-testid="adjudicator-note">
          {t('checklist.adjudicatorNote')}
        </p>
      ) : null}
      <ol className="steps">
        {view.rubric.steps.map((step, i) => (
          <StepRow
            key={step.id}
            step={step}
            index={i}
            mark={marks.get(step.id)}
            span={spans.get(step.id)}
            current={i === stepIndex}
            suggested={suggested.get(step.id) ?? null}
            final={finals.get(step.id) ?? null}
          />
        ))}
      </ol>
    </section>
  );
}
