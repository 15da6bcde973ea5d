import { EmptyState } from '../components/EmptyState';

export function ReportsSection() {
  return (
    <div className="section">
      <header className="section-head">
        <h1>Reports</h1>
        <p className="muted">How far examiners agree with each other, and how far each model agrees with them, on this lab's own recordings.</p>
      </header>
      <EmptyState title="Nothing to report yet" testId="reports-empty">
        <p>
          Agreement figures need recordings marked by examiners. Once two examiners have marked the same recordings, or a
          model has been run on marked recordings, the agreement report and leaderboard appear here.
        </p>
        <p className="muted">
          For context, published figures: physicians agree at PLCC 0.871 and step-level κ 0.732; the best model reached
          PLCC 0.158 and step-level κ about 0.05 (SiMing-Bench).
        </p>
      </EmptyState>
    </div>
  );
}
