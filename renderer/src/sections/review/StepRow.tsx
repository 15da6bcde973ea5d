import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinalStepView, ReviewStep, StepMark, StepSpan } from '../../../../contract/review';
import { useReview } from '../../store/review-store';
import { clock, points } from './format';

interface Props {
  step: ReviewStep;
  index: number;
  mark: StepMark | undefined;
  span: StepSpan | undefined;
  current: boolean;
  /** The first model's suggestion (points, or correct/error), only once suggestions are visible. */
  suggested: string | null;
  /** The recording's final result for the step, once the viewer may see it. */
  final: FinalStepView | null;
}

/** One rubric step: the allowed scores as buttons, not assessable, comment and span; criteria and deductions when current. */
export function StepRow({ step, index, mark, span, current, suggested, final }: Props) {
  const { t } = useTranslation('review');
  const { mark: save, selectStep, setDialog, commenting, setCommenting } = useReview();
  const row = useRef<HTMLLIElement>(null);
  const done = mark?.score != null || mark?.notAssessable;
  const no = index + 1;

  useEffect(() => {
    if (current) row.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const changedAfterReveal = mark && mark.blindScore !== null && mark.score !== null && mark.blindScore !== mark.score;

  return (
    <li
      ref={row}
      className={`step${current ? ' current' : ''}${done ? ' done' : ''}`}
      data-testid={`step-${step.id}`}
      aria-current={current ? 'step' : undefined}
      onClick={() => !current && selectStep(index)}
    >
      <div className="step-head">
        <span className="step-no">{no}</span>
        <span className="step-title">
          {step.title}
          {step.critical ? (
            <span className="badge critical" title={t('step.criticalTitle')}>
              {t('step.critical')}
            </span>
          ) : null}
        </span>
        <span className="step-state" data-testid={`step-state-${step.id}`}>
          {mark?.notAssessable
            ? t('step.notAssessable')
            : mark?.score != null
              ? `${points(mark.score)} / ${points(step.maxPoints)}`
              : '—'}
        </span>
      </div>
      {current ? <StepGuidance step={step} /> : null}
      <div className="step-marks">
        <div className="score-buttons" role="group" aria-label={t('step.scoreGroup', { no })}>
          {step.allowedScores.map((s) => (
            <button
              key={s}
              type="button"
              className={mark?.score === s && !mark.notAssessable ? 'score selected' : 'score'}
              aria-pressed={mark?.score === s && !mark.notAssessable}
              aria-label={t('step.scoreButton', { score: points(s), no })}
              title={Number.isInteger(s) && s <= 9 ? t('step.keyTitle', { key: s }) : t('step.halfKeysTitle')}
              onClick={(e) => {
                e.stopPropagation();
                selectStep(index);
                void save(step.id, { score: s });
              }}
            >
              {points(s)}
            </button>
          ))}
          <button
            type="button"
            className={mark?.notAssessable ? 'na selected' : 'na'}
            aria-pressed={Boolean(mark?.notAssessable)}
            title={t('step.naTitle')}
            onClick={(e) => {
              e.stopPropagation();
              selectStep(index);
              if (mark?.notAssessable) void save(step.id, { clearNotAssessable: true });
              else setDialog({ kind: 'notAssessable', stepId: step.id });
            }}
          >
            {t('step.na')}
          </button>
        </div>
        {suggested !== null ? (
          <span className="model-chip" title={t('step.modelChipTitle')}>
            {t('step.modelChip', { value: suggested })}
          </span>
        ) : null}
        {mark?.modelVerdict ? (
          <span className="verdict-chip" data-testid="model-verdict" title={t('step.verdictTitle')}>
            {mark.modelVerdict === 'error' ? t('step.modelSaysError') : t('step.modelSaysCorrect')}
          </span>
        ) : null}
        {final ? <FinalChip final={final} /> : null}
        {mark?.fromSuggestion ? <span className="taken-chip">{t('step.taken')}</span> : null}
        {changedAfterReveal ? (
          <span className="blind-chip" title={t('step.blindTitle')}>
            {t('step.blind', { score: points(mark.blindScore!) })}
          </span>
        ) : null}
      </div>
      {mark?.notAssessable ? (
        <p className="na-reason">{t('step.naReason', { reason: mark.notAssessableReason ?? '' })}</p>
      ) : null}
      {commenting === step.id ? (
        <CommentField
          initial={mark?.comment ?? ''}
          onDone={(text) => {
            setCommenting(null);
            if (text !== null && text !== (mark?.comment ?? '')) void save(step.id, { comment: text || null });
          }}
        />
      ) : mark?.comment ? (
        <p className="comment">“{mark.comment}”</p>
      ) : null}
      {current && span ? (
        <p className="span-note muted">{t('step.span', { start: clock(span.startS), end: clock(span.endS) })}</p>
      ) : null}
    </li>
  );
}

/** What the current step requires and the deductions examiners commonly apply, from the rubric. */
function StepGuidance({ step }: { step: ReviewStep }) {
  const { t } = useTranslation('review');
  return (
    <div className="step-guidance" data-testid="step-guidance">
      <p className="criteria">{step.criteria}</p>
      {step.deductions.length ? (
        <div className="deductions" data-testid="step-deductions">
          <h3>{t('step.deductions')}</h3>
          <ul>
            {step.deductions.map((d) => (
              <li key={`${d.points}-${d.reason}`}>
                <span className="deduction-points">{t('step.deductionPoints', { points: points(d.points) })}</span>{' '}
                {d.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The recording's final result for the step. The service sends finals only once two examiners have
 * submitted (and the viewer may see them); one examiner's score is never called final here.
 */
function FinalChip({ final }: { final: FinalStepView }) {
  const { t } = useTranslation('review');
  const text =
    final.state === 'final' && final.score !== null && final.source !== 'single-examiner'
      ? final.source === 'adjudication'
        ? t('step.finalAdjudicated', { score: points(final.score) })
        : t('step.final', { score: points(final.score) })
      : final.state === 'not_assessable'
        ? t('step.finalNotAssessable')
        : final.state === 'disagreement'
          ? t('step.awaitingAdjudication')
          : null;
  return text ? (
    <span className={`final-chip ${final.state}`} data-testid="final-chip">
      {text}
    </span>
  ) : null;
}

/** Enter or leaving the field saves; Esc leaves it unchanged. `null` means cancelled. */
function CommentField({ initial, onDone }: { initial: string; onDone(text: string | null): void }) {
  const { t } = useTranslation('review');
  const [text, setText] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => input.current?.focus(), []);
  const finish = (value: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(value === null ? null : value.trim());
  };
  return (
    <input
      ref={input}
      className="comment-input"
      aria-label={t('step.comment')}
      placeholder={t('step.commentPlaceholder')}
      value={text}
      maxLength={2000}
      onChange={(e) => setText(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(text);
        if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(text)}
    />
  );
}
