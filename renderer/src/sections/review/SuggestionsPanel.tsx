import { useState } from 'react';
import type { ReviewView, SuggestionSet } from '../../../../contract/review';
import { SentFramesDialog } from '../scoring/SentFramesDialog';
import { useReview } from '../../store/review-store';
import { clock, points } from './format';
import { keyHint } from './shortcuts';

/**
 * Model suggestions for the current step. Before the reveal (blind first) the view carries no
 * suggestion at all, so this panel can only say that some are waiting.
 */
export function SuggestionsPanel({ view }: { view: ReviewView }) {
  const { stepIndex, reveal } = useReview();
  const step = view.rubric.steps[stepIndex];

  if (!view.hasSuggestions) {
    return (
      <section className="suggestions card" data-testid="suggestions-none">
        <h2>Model suggestions</h2>
        <p className="muted">No model has scored this recording. Your marking does not depend on one.</p>
      </section>
    );
  }

  if (!view.suggestions) {
    const left = view.marking.missingSteps.length;
    return (
      <section className="suggestions card blind" data-testid="suggestions-hidden">
        <h2>Model suggestions are hidden</h2>
        <p>
          Blind first: score every step (or mark it not assessable) on your own, then reveal the suggestions. Your
          scores before the reveal are kept as your blind scores.
        </p>
        <button type="button" className="primary" onClick={() => void reveal()} disabled={left > 0}>
          Reveal suggestions <kbd>{keyHint('reveal')}</kbd>
        </button>
        <span className="muted">
          {' '}
          {left > 0 ? `${left} step${left === 1 ? '' : 's'} left to score` : 'Every step is scored.'}
        </span>
      </section>
    );
  }

  return (
    <section className="suggestions card revealed" data-testid="suggestions-panel">
      <h2>Model suggestions</h2>
      <p className="assist-note">
        Assistance only. The best published model agreed with physicians on single steps barely above chance (step κ
        0.048, GPT-5.2, SiMing-Bench); the figure beside each suggestion is this model’s agreement with final examiner
        scores on that step in this lab.
      </p>
      {step
        ? view.suggestions.map((set) => (
            <SuggestionCard key={set.label} set={set} stepId={step.id} stepTitle={step.title} />
          ))
        : null}
    </section>
  );
}

function SuggestionCard({ set, stepId, stepTitle }: { set: SuggestionSet; stepId: string; stepTitle: string }) {
  const { take, player, view } = useReview();
  const s = set.steps.find((x) => x.stepId === stepId);
  const mark = view?.marking.marks.find((m) => m.stepId === stepId);
  const binary = set.task === 'binary';
  const verdict = s?.correct ? 'correct' : 'error';
  const taken = binary
    ? mark?.modelVerdict === verdict
    : mark?.fromSuggestion && mark.score === s?.score && mark.modelVerdict === null;
  // Only a step scored 0 or full marks turns a verdict into points.
  const scoreStep = view?.rubric.steps.find((x) => x.id === stepId);
  const verdictIsScore = scoreStep?.allowedScores.length === 2;
  const [showFrames, setShowFrames] = useState(false);
  return (
    <article className="suggestion" data-testid={`suggestion-${set.modelRaterId}`}>
      <header>
        <span className="model-label">Model suggestion</span> · <strong>{set.modelName}</strong>
        <div className="muted small">{set.label}</div>
        {set.runId !== null && (
          <button
            type="button"
            className="link small"
            onClick={() => setShowFrames(true)}
            data-testid="suggestion-frames"
          >
            Frames the model was sent
          </button>
        )}
        {showFrames && set.runId !== null && (
          <SentFramesDialog runId={set.runId} title={set.modelName} onClose={() => setShowFrames(false)} />
        )}
      </header>
      {!s ? (
        <p className="muted">This model gave no suggestion for “{stepTitle}”.</p>
      ) : (
        <>
          <div className="suggested-score">
            {binary ? (
              <>
                Model says: <strong>{s.correct ? 'correct' : 'error'}</strong>
              </>
            ) : (
              <>
                Score: <strong>{s.score === null ? '—' : points(s.score)}</strong>
              </>
            )}
            <span
              className={s.trust.enough ? 'trust' : 'trust weak'}
              data-testid="trust"
              title="Agreement of this model configuration with final examiner scores on this step"
            >
              Trust: {s.trust.label}
            </span>
          </div>
          {s.rationale ? <p className="rationale">{s.rationale}</p> : null}
          {s.evidenceS.length ? (
            <div className="evidence-list">
              Evidence:{' '}
              {s.evidenceS.map((t) => (
                <button
                  key={t}
                  type="button"
                  className="link evidence-time"
                  onClick={() => player?.seek(t)}
                  aria-label={`Seek to evidence at ${clock(t)}`}
                >
                  {clock(t)}
                </button>
              ))}
              <span className="muted small"> ({keyHint('evidence')} cycles)</span>
            </div>
          ) : null}
          {binary ? (
            <p className="muted small" data-testid="verdict-note">
              {verdictIsScore
                ? 'This step scores 0 or full marks, so accepting the verdict sets the score.'
                : 'Accepting marks the step “model says” this verdict; the score stays yours to give.'}
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => void take(stepId, set.modelRaterId)}
            disabled={s.score === null || Boolean(taken)}
          >
            {binary ? (taken ? 'Verdict accepted' : 'Accept verdict') : taken ? 'Suggestion taken' : 'Take suggestion'}{' '}
            <kbd>{keyHint('take')}</kbd>
          </button>
        </>
      )}
    </article>
  );
}
