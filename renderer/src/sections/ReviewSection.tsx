import { useEffect } from 'react';
import { useReview } from '../store/review-store';
import { ExaminerPicker } from './review/ExaminerPicker';
import { RecordingQueue } from './review/RecordingQueue';
import { ReviewScreen } from './review/ReviewScreen';
import './review/review.css';

/** Review: pick who is marking, find a recording in the queue, mark it beside its video. */
export function ReviewSection() {
  const { examiner, recordingId, view, open, setExaminer } = useReview();

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
          <h1>Review</h1>
          <p className="muted">
            Mark a recording against its station rubric. Model suggestions stay hidden until you have scored every step.
          </p>
        </div>
        {examiner ? (
          <div className="who" data-testid="current-examiner">
            Marking as <strong>{examiner.name}</strong>{' '}
            <button type="button" className="link" onClick={() => setExaminer(null)}>
              Switch examiner
            </button>
          </div>
        ) : null}
      </header>
      {!examiner ? <ExaminerPicker /> : null}
      <RecordingQueue />
    </div>
  );
}
