import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useState } from 'react';
import type { PausedScoringJob } from '../../../../contract/scoring';
import { callApi, newOperationId, onEvent } from '../../api/client';
import { formatDateTime } from '../../../../domain/i18n/format';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';

/**
 * Scoring jobs to an endpoint off this machine that a restart interrupted. The app never resumes
 * them by itself (frames would leave without anyone asking): the examiner sees where they would go
 * and resumes or discards each one.
 */
export function PausedJobs() {
  const { t } = useTranslation('scoring');
  const locale = useLanguage((s) => s.locale);
  const [jobs, setJobs] = useState<PausedScoringJob[]>([]);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => callApi('listPausedScoringJobs').then(setJobs).catch(setError), []);
  useEffect(() => {
    void reload();
    return onEvent('data-changed', (e) => {
      if (e.what === 'runs') void reload();
    });
  }, [reload]);

  const act = async (jobId: number, what: 'resume' | 'discard') => {
    setBusy(jobId);
    setError(null);
    try {
      if (what === 'resume') await callApi('resumeScoringJob', newOperationId(), jobId);
      else await callApi('discardScoringJob', jobId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      void reload();
    }
  };

  if (jobs.length === 0) return error ? <ErrorText error={error} /> : null;
  return (
    <section className="card paused-jobs" data-testid="paused-jobs">
      <h2>{t('paused.title')}</h2>
      <p className="muted small">{t('paused.intro')}</p>
      <ErrorText error={error} />
      <ul>
        {jobs.map((j) => (
          <li key={j.jobId} data-testid="paused-job">
            {t('paused.job', { count: j.recordings })} <strong>{j.host}</strong>{' '}
            {t('paused.model', {
              model: j.model,
              faces: j.facesMasked ? t('paused.facesMasked') : t('paused.facesNotMasked'),
              at: formatDateTime(j.createdAt, locale),
            })}{' '}
            <button type="button" disabled={busy !== null} onClick={() => void act(j.jobId, 'resume')}>
              {t('paused.resume')}
            </button>{' '}
            <button type="button" disabled={busy !== null} onClick={() => void act(j.jobId, 'discard')}>
              {t('paused.discard')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
