import { useEffect, useRef, useState } from 'react';
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

/** One rubric step: the allowed scores as buttons, not assessable, comment and span. */
export function StepRow({ step, index, mark, span, current, suggested, final }: Props) {
  const { mark: save, selectStep, setDialog, commenting, setCommenting } = useReview();
  const row = useRef<HTMLLIElement>(null);
  const done = mark?.score != null || mark?.notAssessable;

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
        <span className="step-no">{index + 1}</span>
        <span className="step-title">
          {step.title}
          {step.critical ? (
            <span className="badge critical" title="Failing this step fails the station">
              critical
            </span>
          ) : null}
        </span>
        <span className="step-state" data-testid={`step-state-${step.id}`}>
          {mark?.notAssessable
            ? 'not assessable'
            : mark?.score != null
              ? `${points(mark.score)} / ${points(step.maxPoints)}`
              : '—'}
        </span>
      </div>
      {current ? <p className="criteria">{step.criteria}</p> : null}
      <div className="step-marks">
        <div className="score-buttons" role="group" aria-label={`Score for step ${index + 1}`}>
          {step.allowedScores.map((s) => (
            <button
              key={s}
              type="button"
              className={mark?.score === s && !mark.notAssessable ? 'score selected' : 'score'}
              aria-pressed={mark?.score === s && !mark.notAssessable}
              aria-label={`Score ${points(s)} for step ${index + 1}`}
              title={Number.isInteger(s) && s <= 9 ? `Key ${s}` : 'Keys - and ='}
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
            title="Not assessable from this video (key n)"
            onClick={(e) => {
              e.stopPropagation();
              selectStep(index);
              if (mark?.notAssessable) void save(step.id, { clearNotAssessable: true });
              else setDialog({ kind: 'notAssessable', stepId: step.id });
            }}
          >
            N/A
          </button>
        </div>
        {suggested !== null ? (
          <span className="model-chip" title="Model suggestion (assistance only)">
            model: {suggested}
          </span>
        ) : null}
        {mark?.modelVerdict ? (
          <span className="verdict-chip" data-testid="model-verdict" title="A correct/error suggestion you accepted">
            {mark.modelVerdict === 'error' ? 'model says error' : 'model says correct'}
          </span>
        ) : null}
        {final ? <FinalChip final={final} /> : null}
        {mark?.fromSuggestion ? <span className="taken-chip">taken from suggestion</span> : null}
        {changedAfterReveal ? (
          <span className="blind-chip" title="Your score before suggestions were revealed">
            blind: {points(mark.blindScore!)}
          </span>
        ) : null}
      </div>
      {mark?.notAssessable ? <p className="na-reason">Not assessable: {mark.notAssessableReason}</p> : null}
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
        <p className="span-note muted">
          Span {clock(span.startS)}–{clock(span.endS)}
        </p>
      ) : null}
    </li>
  );
}

function FinalChip({ final }: { final: FinalStepView }) {
  const text =
    final.state === 'final'
      ? `final: ${points(final.score!)}${final.source === 'adjudication' ? ' (adjudicated)' : ''}`
      : final.state === 'not_assessable'
        ? 'final: not assessable'
        : final.state === 'disagreement'
          ? 'awaiting adjudication'
          : null;
  return text ? <span className={`final-chip ${final.state}`}>{text}</span> : null;
}

/** Enter or leaving the field saves; Esc leaves it unchanged. `null` means cancelled. */
function CommentField({ initial, onDone }: { initial: string; onDone(text: string | null): void }) {
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
      aria-label="Comment"
      placeholder="Comment (Enter saves, Esc cancels)"
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
