import { useRef, useState } from 'react';
import type { ConnectionTestResult, ModelProvider } from '../../../../contract/scoring-types';
import { ApiError, callApi, newOperationId } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

const CHECK_LABELS: Record<ConnectionTestResult['checks'][number]['name'], string> = {
  key: 'API key',
  models: 'Model list',
  answer: 'A tiny request',
};

/** "Test connection": the key, the model list and one tiny request with a synthetic grey image. */
export function ConnectionTest({ provider }: { provider: ModelProvider }) {
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const op = useRef<string | null>(null);

  async function run() {
    const id = newOperationId();
    op.current = id;
    setRunning(true);
    setResult(null);
    setError(null);
    try {
      setResult(await callApi('testModelProvider', id, provider.id));
    } catch (err) {
      if (!(err instanceof ApiError && err.name === 'Cancelled')) setError(err);
    } finally {
      op.current = null;
      setRunning(false);
    }
  }

  return (
    <section className="connection-test" data-testid="connection-test">
      <h3>Connection</h3>
      <p className="muted">
        Lists the server's models and sends one tiny request with a plain grey test image: nothing from a recording or a rubric.
      </p>
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Testing…' : 'Test connection'}
        </button>
        {running && (
          <button type="button" onClick={() => op.current && void callApi('cancelOperation', op.current)}>
            Cancel
          </button>
        )}
        {result && (
          <strong className={result.ok ? 'ok-text' : 'bad-text'} data-testid="connection-verdict">
            {result.ok ? `Works: ${provider.model} at ${result.host} answers as needed.` : 'Something does not work yet; see below.'}
          </strong>
        )}
      </div>
      <ErrorText error={error} />
      {result && (
        <ul className="checks" data-testid="connection-checks">
          {result.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? 'OK' : 'Problem'}</span> <strong>{CHECK_LABELS[c.name]}</strong>: {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
