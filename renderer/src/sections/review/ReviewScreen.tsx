import { useEffect } from 'react';
import type { ReviewView } from '../../../../contract/review';
import { ErrorText } from '../../components/ErrorText';
import { useReview } from '../../store/review-store';
import { Checklist } from './Checklist';
import { DoubleMarkingPanel } from './DoubleMarkingPanel';
import { keyHint } from './shortcuts';
import { HelpOverlay, ReviewDialogs } from './ReviewDialogs';
import { SuggestionsPanel } from './SuggestionsPanel';
import { useReviewKeys } from './useReviewKeys';
import { VideoPlayer } from './VideoPlayer';

/** One recording under review: the video beside the checklist, suggestions and double marking below the video. */
export function ReviewScreen() {
  const { view, error, notice, close, setNotice } = useReview();
  useReviewKeys();

  // A notice is about the last key pressed; it fades once read.
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice, setNotice]);

  if (!view) {
    return (
      <div className="review-screen">
        <button type="button" onClick={close}>
          ← Recordings list
        </button>
        {error ? <ErrorText error={error} /> : <p className="muted">Opening the recording…</p>}
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
  const { close, reveal, setDialog, setHelp } = useReview();
  const r = view.recording;
  const m = view.marking;
  const status =
    m.status === 'submitted'
      ? 'Submitted (locked)'
      : m.status === 'in_progress'
        ? 'In progress (saved as you go)'
        : 'Not started';
  return (
    <header className="review-head">
      <button type="button" onClick={close} title={`Back to the list (${keyHint('back')})`}>
        ← List
      </button>
      <div className="review-title">
        <h1>
          {r.candidateCode ?? 'Unknown candidate'} · {r.stationCode}
        </h1>
        <div className="muted">
          {r.sessionName} · {r.fileName} · marking as <strong>{view.examiner.name}</strong>
        </div>
      </div>
      <span className={`marking-status ${m.status}`} data-testid="marking-status">
        {status}
      </span>
      <span className="blind-flag" title="Per-session setting">
        Blind first: {m.blindFirst ? (m.suggestionsVisible ? 'revealed' : 'on') : 'off'}
      </span>
      {!m.suggestionsVisible && view.hasSuggestions ? (
        <button
          type="button"
          onClick={() => void reveal()}
          disabled={!m.complete}
          title={m.complete ? '' : 'Score every step first'}
        >
          Reveal suggestions <kbd>{keyHint('reveal')}</kbd>
        </button>
      ) : null}
      <button
        type="button"
        className="primary"
        onClick={() => setDialog({ kind: 'submit' })}
        disabled={!m.complete || m.status === 'submitted'}
      >
        Submit <kbd>{keyHint('submit')}</kbd>
      </button>
      <button
        type="button"
        onClick={() => setHelp(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ? Shortcuts
      </button>
    </header>
  );
}
