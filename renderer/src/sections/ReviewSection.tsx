import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useReview } from '../store/review-store';
import { ExaminerPicker } from './review/ExaminerPicker';
import { RecordingQueue } from './review/RecordingQueue';
import { ReviewScreen } from './review/ReviewScreen';
import './review/review.css';

/** Review: pick who is marking, find a recording in the queue, mark it beside its video. */
export function ReviewSection() {
  const { t } = useTranslation('review');
  const { examiner, recordingId, view, notice, open, setExaminer } = useReview();

  // After a reload the open recording is read back from the database, marks and all.
  useEffect(() => {
    if (examiner && recordingId !== null && !view) void open(recordingId);
    // Only on entering the section: `open` itself sets recordingId and view.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately once, on entering
  }, []);

  if (examiner && recordingId !== null) {
    return (
      <div className="review-section review-fill">
        <ReviewScreen />
      </div>
    );
  }

  return (
    <div className="section review-section">
      <header className="section-head review-list-head">
        <div>
          <h1>{t('section.title')}</h1>
          <p className="muted">{t('section.intro')}</p>
        </div>
        {examiner ? (
          <div className="who" data-testid="current-examiner">
            {t('section.markingAs')} <strong>{examiner.name}</strong>{' '}
            <button type="button" className="link" onClick={() => setExaminer(null)}>
              {t('section.switchExaminer')}
            </button>
          </div>
        ) : null}
      </header>
      {notice ? (
        <p className="notice" role="status" data-testid="queue-notice">
          {notice}
        </p>
      ) : null}
      {!examiner ? <ExaminerPicker /> : null}
      <RecordingQueue />
    </div>
  );
}
