import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../../contract/review';
import { ErrorText } from '../../components/ErrorText';
import { useReview } from '../../store/review-store';
import { Checklist } from './Checklist';
import { DoubleMarkingPanel } from './DoubleMarkingPanel';
import { keyHint } from './shortcuts';
import { KeyHint } from './KeyHint';
import { HelpOverlay, ReviewDialogs } from './ReviewDialogs';
import { SuggestionsPanel } from './SuggestionsPanel';
import { useReviewKeys } from './useReviewKeys';
import { VideoPlayer } from './VideoPlayer';

/** One recording under review: the video beside the checklist, suggestions and double marking below the video. */
export function ReviewScreen() {
  const { t } = useTranslation('review');
  const { view, error, notice, close, setNotice } = useReview();
  useReviewKeys();

  // A notice is about the last key pressed; it fades once read.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  if (!view) {
    return (
      <div className="review-screen">
        <button type="button" onClick={close}>
          {t('screen.backToList')}
        </button>
        {error ? <ErrorText error={error} /> : <p className="muted">{t('screen.opening')}</p>}
      </div>
    );
  }

  return (
    <div className="review-screen" data-testid="review-screen">
      <ReviewHeader view={view} />
      {error ? <ErrorText error={error} /> : null}
      <div className="notice-line" role="status" aria-live="polite" data-testid="review-notice">
        {notice}
      </div>
      <div className="review-body">
        <div className="review-left">
          <VideoPlayer view={view} />
          <SuggestionsPanel view={view} />
          <DoubleMarkingPanel view={view} />
        </div>
        <Checklist view={view} />
      </div>
      <HelpOverlay />
      <ReviewDialogs />
    </div>
  );
}

function ReviewHeader({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const { close, reveal, setDialog, setHelp, autoAdvance, setAutoAdvance } = useReview();
  const r = view.recording;
  const m = view.marking;
  const blind = m.blindFirst
    ? m.suggestionsVisible
      ? t('screen.blindRevealed')
      : t('screen.blindOn')
    : t('screen.blindOff');
  return (
    <header className="review-head">
      <button type="button" onClick={close} title={t('screen.backTitle', { key: keyHint('back') })}>
        {t('screen.back')}
      </button>
      <div className="review-title">
        <h1>
          {r.candidateCode ?? t('screen.unknownCandidate')} · {r.stationCode}
        </h1>
        <div className="muted">
          {r.sessionName} · {r.fileName} · {t('screen.markingAs')} <strong>{view.examiner.name}</strong>
        </div>
      </div>
      <span className={`marking-status ${m.status}`} data-testid="marking-status">
        {t(`screen.status.${m.status}`)}
      </span>
      <span className="blind-flag" title={t('screen.blindTitle')}>
        {t('screen.blindFirst', { state: blind })}
      </span>
      <label className="auto-advance" title={t('screen.autoAdvanceTitle')}>
        <input
          type="checkbox"
          data-testid="auto-advance"
          checked={autoAdvance}
          onChange={(e) => setAutoAdvance(e.target.checked)}
        />
        {t('screen.autoAdvance')}
      </label>
      {!m.suggestionsVisible && view.hasSuggestions ? (
        <button
          type="button"
          onClick={() => void reveal()}
          disabled={!m.complete}
          title={m.complete ? '' : t('screen.scoreEveryStepFirst')}
        >
          {t('screen.reveal')} <KeyHint id="reveal" />
        </button>
      ) : null}
      <button
        type="button"
        className="primary"
        onClick={() => setDialog({ kind: 'submit' })}
        disabled={!m.complete || m.status === 'submitted'}
      >
        {t('screen.submit')} <KeyHint id="submit" />
      </button>
      <button
        type="button"
        onClick={() => setHelp(true)}
        aria-label={t('screen.shortcuts')}
        title={t('screen.shortcutsTitle')}
      >
        {t('screen.shortcutsButton')}
      </button>
    </header>
  );
}
