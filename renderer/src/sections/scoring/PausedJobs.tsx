import { useCallback, useEffect, useState } from 'react';
import type { PausedScoringJob } from '../../../../contract/scoring';
import { callApi, newOperationId, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/**
 * Scoring jobs to an endpoint off this machine that a restart interrupted. The app never resumes
 * them by itself (frames would leave without anyone asking): the examiner sees where they would go
 * and resumes or discards each one.
 */
export function PausedJobs() {
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
      <h2>Paused scoring jobs</h2>
      <p className="muted small">
        These jobs were interrupted and would send frames off this computer. They are not resumed by themselves: check
        where they would go, then resume or discard each one.
      </p>
      <ErrorText error={error} />
      <ul>
        {jobs.map((j) => (
          <li key={j.jobId} data-testid="paused-job">
            Paused — resume? {j.recordings} recording(s) to <strong>{j.host}</strong> (model {j.model}
            {j.facesMasked ? ', faces masked' : ', faces NOT masked'}), started{' '}
            {new Date(j.createdAt).toLocaleString('en-GB')}.{' '}
            <button type="button" disabled={busy !== null} onClick={() => void act(j.jobId, 'resume')}>
              Resume
            </button>{' '}
            <button type="button" disabled={busy !== null} onClick={() => void act(j.jobId, 'discard')}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
