import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgreementReport } from '../../../contract/reports';
import { callApi } from '../api/client';
import { useDataChanged } from '../api/useDataChanged';
import { SessionSelect } from '../components/SessionSelect';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ExaminersCard } from './reports/ExaminersCard';
import { ExportBar } from './reports/ExportBar';
import { FeedbackCard } from './reports/FeedbackCard';
import { LeaderboardCard } from './reports/LeaderboardCard';
import { TrustCard } from './reports/TrustCard';
import './reports/reports.css';

const STATUS_LABELS: [keyof AgreementReport['scope']['status'], string][] = [
  ['final', 'final after adjudication'],
  ['double_marked', 'double-marked, in agreement'],
  ['marked_by_one', 'marked by one examiner'],
  ['disagreement', 'awaiting adjudication'],
  ['suggestions_ready', 'model suggestions only'],
  ['unmarked', 'unmarked'],
];

function hasFigures(r: AgreementReport): boolean {
  return r.examiners.length > 0 || r.leaderboard.entries.length > 0;
}

export function ReportsSection() {
  const [sessionId, setSessionId] = useState<number | undefined>(undefined);
  const [station, setStation] = useState<string | undefined>(undefined);
  const [stations, setStations] = useState<{ code: string; rubricId: string }[]>([]);
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Only the latest request may set the report: an older, slower one must not overwrite it.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const r = await callApi('agreementReport', {
        ...(sessionId !== undefined ? { sessionId } : {}),
        ...(station !== undefined ? { station } : {}),
      });
      if (request !== latest.current) return;
      setReport(r);
      // The station list comes from an unfiltered scope, so choosing one never hides the others.
      if (station === undefined) setStations(r.scope.stations);
    } catch (err) {
      if (request === latest.current) setError(err);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [sessionId, station]);

  useEffect(() => {
    void load();
  }, [load]);

  useDataChanged(['marks', 'runs', 'recordings'], load);

  return (
    <div className="section reports">
      <header className="section-head">
        <h1>Reports</h1>
        <p className="muted">
          How far examiners agree with each other, and how far each model agrees with them, on this lab's own
          recordings.
        </p>
      </header>

      <div className="report-filters" data-testid="report-filters">
        <SessionSelect value={sessionId} onChange={setSessionId} />
        <label>
          Station
          <select
            value={station ?? ''}
            onChange={(e) => setStation(e.target.value === '' ? undefined : e.target.value)}
            aria-label="Station"
          >
            <option value="">All stations</option>
            {stations.map((s) => (
              <option key={`${s.code}-${s.rubricId}`} value={s.code}>
                {s.code}
              </option>
            ))}
          </select>
        </label>
        {loading ? <span className="muted">Calculating…</span> : null}
      </div>

      <ErrorText error={error} />

      {report && !hasFigures(report) ? (
        <EmptyState title="Nothing to report yet" testId="reports-empty">
          <p>
            Agreement figures need recordings marked by examiners. Once two examiners have marked the same recordings,
            or a model has been run on marked recordings, the agreement report and leaderboard appear here.
          </p>
          <p className="muted">
            For context, published figures: physicians agree at PLCC 0.871 and step-level κ 0.732; the best model
            reached PLCC 0.158 and step-level κ about 0.05 (SiMing-Bench).
          </p>
        </EmptyState>
      ) : null}

      {report && hasFigures(report) ? (
        <>
          <section className="card summary" data-testid="report-summary">
            <div>
              <strong>{report.scope.recordings}</strong> recordings ·{' '}
              {STATUS_LABELS.filter(([k]) => report.scope.status[k] > 0)
                .map(([k, label]) => `${report.scope.status[k]} ${label}`)
                .join(' · ')}
            </div>
            <div className="muted small">
              95% intervals from {report.bootstrap.resamples} bootstrap resamples of recordings (seed{' '}
              {report.bootstrap.seed}). Undefined figures say why.
            </div>
            <ExportBar sessionId={sessionId} station={station} />
          </section>
          <LeaderboardCard report={report} />
          <TrustCard report={report} />
          <ExaminersCard report={report} />
        </>
      ) : null}

      <FeedbackCard />
    </div>
  );
}
