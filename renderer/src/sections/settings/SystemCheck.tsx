import { useEffect, useRef, useState } from 'react';
import type { DiagnosticsReport } from '../../../../contract/system';
import type { ProgressEvent } from '../../../../contract/events';
import { ApiError, callApi, newOperationId, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useTranslation } from 'react-i18next';

/** The database, the data folder and the media tools, checked on request and cancellable. */
export function SystemCheck() {
  const { t } = useTranslation('settings');
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const opRef = useRef<string | null>(null);

  useEffect(
    () =>
      onEvent('progress', (p) => {
        if (p.operationId === opRef.current) setProgress(p);
      }),
    [],
  );

  async function run() {
    const id = newOperationId();
    opRef.current = id;
    setReport(null);
    setError(null);
    setProgress({ operationId: id, kind: 'runDiagnostics', done: 0, total: 1 });
    try {
      setReport(await callApi('runDiagnostics', id));
    } catch (err) {
      if (!(err instanceof ApiError && err.name === 'Cancelled')) setError(err);
    } finally {
      opRef.current = null;
      setProgress(null);
    }
  }

  return (
    <section className="card" data-testid="system-check" aria-labelledby="check-title">
      <h2 id="check-title">{t('check.title')}</h2>
      <p className="muted">{t('check.intro')}</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void run()} disabled={!!progress}>
          {t('check.run')}
        </button>
        {progress && (
          <>
            <progress max={progress.total} value={progress.done} aria-label={t('check.progress')} />
            <span className="muted">{progress.current}</span>
            <button type="button" onClick={() => opRef.current && void callApi('cancelOperation', opRef.current)}>
              {t('check.cancel')}
            </button>
          </>
        )}
      </div>
      <ErrorText error={error} />
      {report && (
        <ul className="checks" data-testid="check-results">
          {report.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? t('check.ok') : t('check.problem')}</span> <strong>{c.name}</strong>:{' '}
              {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
