import { useLanguage } from '../i18n';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgreementReport, LeaderboardSettings } from '../../../contract/reports';
import { callApi } from '../api/client';
import { useDataChanged } from '../api/useDataChanged';
import { SessionSelect } from '../components/SessionSelect';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { ExaminersCard } from './reports/ExaminersCard';
import { useWriting } from './reports/figures';
import { GlossaryCard } from './reports/Glossary';
import { ExportBar } from './reports/ExportBar';
import { FeedbackCard } from './reports/FeedbackCard';
import { LeaderboardCard } from './reports/LeaderboardCard';
import { PairedCard } from './reports/PairedCard';
import { TrustCard } from './reports/TrustCard';
import './reports/reports.css';

const STATUS_ORDER = [
  'final',
  'double_marked',
  'marked_by_one',
  'disagreement',
  'suggestions_ready',
  'unmarked',
] as const;

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
  const w = useWriting(report ?? undefined);
  const { t } = w;
  const locale = useLanguage((s) => s.locale);

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
        locale,
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
  }, [sessionId, station, minimums, locale]);

  useEffect(() => {
    void load();
  }, [load]);

  useDataChanged(['marks', 'runs', 'recordings'], load);

  return (
    <div className="section reports">
      <header className="section-head">
        <h1>{t('reports:title')}</h1>
        <p className="muted">{t('reports:intro')}</p>
      </header>

      <div className="report-filters" data-testid="report-filters">
        <SessionSelect value={sessionId} onChange={setSessionId} />
        <label>
          {t('reports:station')}
          <select
            value={station ?? ''}
            onChange={(e) => setStation(e.target.value === '' ? undefined : e.target.value)}
          >
            <option value="">{t('reports:allStations')}</option>
            {stations.map((s) => (
              <option key={`${s.code}-${s.rubricId}`} value={s.code}>
                {s.code}
              </option>
            ))}
          </select>
        </label>
        {loading ? <span className="muted">{t('reports:calculating')}</span> : null}
      </div>

      <ErrorText error={error} />

      {report && !hasFigures(report) ? (
        <EmptyState title={t('reports:empty.title')} testId="reports-empty">
          <p>{t('reports:empty.text')}</p>
          <p className="muted">{t('reports:empty.published')}</p>
        </EmptyState>
      ) : null}

      {report && hasFigures(report) ? (
        <>
          <section className="card summary" data-testid="report-summary">
            <div>
              <strong>{t('reports:summary.recordings', { count: report.scope.recordings })}</strong>
              {STATUS_ORDER.filter((k) => report.scope.status[k] > 0).map((k) => (
                <span key={k}>
                  {' · '}
                  {report.scope.status[k]} {t(`reports:status.${k}`)}
                </span>
              ))}
            </div>
            <div className="muted small">
              {t('reports:summary.bootstrap', { resamples: report.bootstrap.resamples, seed: report.bootstrap.seed })}
            </div>
            <ExportBar w={w} sessionId={sessionId} station={station} minimums={minimums} />
          </section>
          <LeaderboardCard
            w={w}
            report={report}
            minimums={minimums ?? report.leaderboard.settings}
            onMinimums={setMinimums}
          />
          <PairedCard w={w} report={report} />
          <TrustCard w={w} report={report} />
          <ExaminersCard w={w} report={report} />
          <GlossaryCard w={w} />
        </>
      ) : null}

      <FeedbackCard w={w} />
    </div>
  );
}
