import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView, SuggestionSet } from '../../../../contract/review';
import { SentFramesDialog } from '../scoring/SentFramesDialog';
import { useReview } from '../../store/review-store';
import { clock, points } from './format';
import { keyHint } from './shortcuts';
import { KeyHint } from './KeyHint';

/**
 * Model suggestions for the current step. Before the reveal (blind first) the view carries no
 * suggestion at all, so this panel can only say that some are waiting.
 */
export function SuggestionsPanel({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const { stepIndex, reveal } = useReview();
  const step = view.rubric.steps[stepIndex];

  if (!view.hasSuggestions) {
    return (
      <section className="suggestions card" data-testid="suggestions-none">
        <h2>{t('suggestions.title')}</h2>
        <p className="muted">{t('suggestions.none')}</p>
      </section>
    );
  }

  if (!view.suggestions) {
    const left = view.marking.missingSteps.length;
    return (
      <section className="suggestions card blind" data-testid="suggestions-hidden">
        <h2>{t('suggestions.hiddenTitle')}</h2>
        <p>{t('suggestions.hiddenText')}</p>
        <button type="button" className="primary" onClick={() => void reveal()} disabled={left > 0}>
          {t('screen.reveal')} <KeyHint id="reveal" />
        </button>
        <span className="muted"> {left > 0 ? t('suggestions.left', { count: left }) : t('suggestions.allScored')}</span>
      </section>
    );
  }

  return (
    <section className="suggestions card revealed" data-testid="suggestions-panel">
      <h2>{t('suggestions.title')}</h2>
      <p className="assist-note">{t('suggestions.assistNote')}</p>
      {step
        ? view.suggestions.map((set) => (
            <SuggestionCard key={set.label} set={set} stepId={step.id} stepTitle={step.title} />
          ))
        : null}
    </section>
  );
}

function SuggestionCard({ set, stepId, stepTitle }: { set: SuggestionSet; stepId: string; stepTitle: string }) {
  const { t } = useTranslation('review');
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
        <span className="model-label">{t('suggestions.modelSuggestion')}</span> · <strong>{set.modelName}</strong>
        <div className="muted small">{set.label}</div>
        {set.runId !== null && (
          <button
            type="button"
            className="link small"
            onClick={() => setShowFrames(true)}
            data-testid="suggestion-frames"
          >
            {t('suggestions.frames')}
          </button>
        )}
        {showFrames && set.runId !== null && (
          <SentFramesDialog runId={set.runId} title={set.modelName} onClose={() => setShowFrames(false)} />
        )}
      </header>
      {!s ? (
        <p className="muted">{t('suggestions.noneForStep', { step: stepTitle })}</p>
      ) : (
        <>
          <div className="suggested-score">
            {binary ? (
              <>
                {t('suggestions.modelSays')} <strong>{s.correct ? t('step.correct') : t('step.error')}</strong>
              </>
            ) : (
              <>
                {t('suggestions.score')} <strong>{s.score === null ? '—' : points(s.score)}</strong>
              </>
            )}
            <span
              className={s.trust.enough ? 'trust' : 'trust weak'}
              data-testid="trust"
              title={t('suggestions.trustTitle')}
            >
              {t('suggestions.trust', { label: s.trust.label })}
            </span>
          </div>
          {s.rationale ? <p className="rationale">{s.rationale}</p> : null}
          {s.evidenceS.length ? (
            <div className="evidence-list">
              {t('suggestions.evidence')}{' '}
              {s.evidenceS.map((at) => (
                <button
                  key={at}
                  type="button"
                  className="link evidence-time"
                  onClick={() => player?.seek(at)}
                  aria-label={t('suggestions.seekEvidence', { at: clock(at) })}
                >
                  {clock(at)}
                </button>
              ))}
              <span className="muted small"> {t('suggestions.cycles', { key: keyHint('evidence') })}</span>
            </div>
          ) : null}
          {binary ? (
            <p className="muted small" data-testid="verdict-note">
              {verdictIsScore ? t('suggestions.verdictSetsScore') : t('suggestions.verdictOnly')}
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => void take(stepId, set.modelRaterId)}
            disabled={s.score === null || Boolean(taken)}
          >
            {binary
              ? taken
                ? t('suggestions.verdictAccepted')
                : t('suggestions.acceptVerdict')
              : taken
                ? t('suggestions.taken')
                : t('suggestions.take')}{' '}
            <KeyHint id="take" />
          </button>
        </>
      )}
    </article>
  );
}
