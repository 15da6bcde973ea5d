import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgreementReport, LeaderboardSettings } from '../../../contract/reports';
import { callApi } from '../api/client';
import { useDataChanged } from '../api/useDataChanged';
import { SessionSelect } from '../components/SessionSelect';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ExaminersCard } from './reports/ExaminersCard';
import { ExportBar } from './reports/ExportBar';
import { FeedbackCard } from './reports/FeedbackCard';
import { LeaderboardCard } from './reports/LeaderboardCard';
import { PairedCard } from './reports/PairedCard';
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
  // Until the user sets them, the backend's defaults apply (and are shown once a report arrives).
  const [minimums, setMinimums] = useState<LeaderboardSettings | null>(null);
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
        ...(minimums ?? {}),
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
  }, [sessionId, station, minimums]);

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
            For context, published figures (SiMing-Bench): physicians agree at PLCC 0.871 and step-level κ 0.732. The
            best model PLCC was GPT-4o's 0.158, whose step κ was 0.000; the best step κ was GPT-5.2's 0.048.
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
            <ExportBar sessionId={sessionId} station={station} minimums={minimums} />
          </section>
          <LeaderboardCard
            report={report}
            minimums={minimums ?? report.leaderboard.settings}
            onMinimums={setMinimums}
          />
          <PairedCard report={report} />
          <TrustCard report={report} />
          <ExaminersCard report={report} />
        </>
      ) : null}

      <FeedbackCard />
    </div>
  );
}
