import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../../contract/review';
import { useReview } from '../../store/review-store';
import { clock } from './format';

const pct = (t: number, duration: number) => `${Math.max(0, Math.min(100, (t / Math.max(duration, 0.001)) * 100))}%`;

/**
 * Where things happen in the recording: every step's span (the current step's highlighted), a span
 * being marked, and after the reveal the model's evidence times. Clicking anywhere seeks there.
 */
export function Timeline({
  view,
  time,
  duration,
  onSeek,
}: {
  view: ReviewView;
  time: number;
  duration: number;
  onSeek(t: number): void;
}) {
  const { t } = useTranslation('review');
  const stepIndex = useReview((s) => s.stepIndex);
  const spanStart = useReview((s) => s.spanStart);
  const current = view.rubric.steps[stepIndex];
  const index = new Map(view.rubric.steps.map((s, i) => [s.id, i]));

  const seekAt = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    onSeek(((e.clientX - box.left) / box.width) * duration);
  };

  // Evidence only exists in the page once suggestions are visible (view.suggestions is null before).
  const evidence = (view.suggestions ?? []).flatMap((set) =>
    set.steps.flatMap((s) => s.evidenceS.map((t) => ({ t, stepId: s.stepId, model: set.modelName }))),
  );

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track" onClick={seekAt} role="presentation">
        {view.marking.spans.map((s) => (
          <div
            key={s.stepId}
            className={s.stepId === current?.id ? 'span current' : 'span'}
            style={{
              left: pct(s.startS, duration),
              width: `calc(${pct(s.endS, duration)} - ${pct(s.startS, duration)})`,
            }}
            title={t('timeline.spanTitle', {
              no: (index.get(s.stepId) ?? 0) + 1,
              start: clock(s.startS),
              end: clock(s.endS),
            })}
            data-testid={`span-${s.stepId}`}
          />
        ))}
        {spanStart !== null ? (
          <div
            className="span pending"
            style={{
              left: pct(spanStart, duration),
              width: `calc(${pct(time, duration)} - ${pct(spanStart, duration)})`,
            }}
          />
        ) : null}
        {evidence.map((e, i) => (
          <button
            key={`${e.stepId}-${e.t}-${i}`}
            type="button"
            className={e.stepId === current?.id ? 'evidence current' : 'evidence'}
            style={{ left: pct(e.t, duration) }}
            title={t('timeline.evidenceTitle', {
              no: (index.get(e.stepId) ?? 0) + 1,
              at: clock(e.t),
              model: e.model,
            })}
            aria-label={t('timeline.evidenceLabel', { no: (index.get(e.stepId) ?? 0) + 1, at: clock(e.t) })}
            onClick={(ev) => {
              ev.stopPropagation();
              onSeek(e.t);
            }}
          />
        ))}
        <div className="playhead" style={{ left: pct(time, duration) }} />
      </div>
      <div className="timeline-legend muted">
        <span>
          <i className="swatch span-swatch" />{' '}
          {current ? t('timeline.spanCurrent', { no: stepIndex + 1 }) : t('timeline.span')}
        </span>
        {view.suggestions ? (
          <span>
            <i className="swatch evidence-swatch" /> {t('timeline.evidence')}
          </span>
        ) : null}
      </div>
    </div>
  );
}
