import { EmptyState } from '../components/EmptyState';
import { useApp } from '../store/app-store';

export function ReviewSection() {
  const go = useApp((s) => s.go);
  return (
    <div className="section">
      <header className="section-head">
        <h1>Review</h1>
        <p className="muted">Mark a recording against its station rubric. Model suggestions stay hidden until you have scored every step.</p>
      </header>
      <EmptyState title="No recording open" testId="review-empty">
        <p>Choose a recording from the Recordings list to start marking it.</p>
        <button type="button" className="primary" onClick={() => go('recordings')}>
          Go to Recordings
        </button>
      </EmptyState>
    </div>
  );
}
