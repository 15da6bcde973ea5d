import { useEffect, useRef, useState } from 'react';
import type { DiagnosticsReport } from '../../../../contract/system';
import type { ProgressEvent } from '../../../../contract/events';
import { ApiError, callApi, newOperationId, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/** The database, the data folder and the media tools, checked on request and cancellable. */
export function SystemCheck() {
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
    <section className="card" data-testid="system-check">
      <h2>System check</h2>
      <p className="muted">Checks the database, the data folder and the media tools.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void run()} disabled={!!progress}>
          Run system check
        </button>
        {progress && (
          <>
            <progress max={progress.total} value={progress.done} aria-label="System check progress" />
            <span className="muted">{progress.current}</span>
            <button type="button" onClick={() => opRef.current && void callApi('cancelOperation', opRef.current)}>
              Cancel
            </button>
          </>
        )}
      </div>
      <ErrorText error={error} />
      {report && (
        <ul className="checks" data-testid="check-results">
          {report.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? 'OK' : 'Problem'}</span> <strong>{c.name}</strong>: {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
