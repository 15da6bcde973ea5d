import { useRef, useState } from 'react';
import type { ConnectionTestResult, ModelProvider, ProviderCapabilities } from '../../../../contract/scoring';
import { ApiError, callApi, newOperationId } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

const CHECK_LABELS: Record<ConnectionTestResult['checks'][number]['name'], string> = {
  key: 'API key',
  models: 'Model list',
  answer: 'Answer format',
  images: 'Images',
  audio: 'Audio',
};

const FORMAT: Record<ProviderCapabilities['structuredOutput'], string> = {
  json_schema: 'strict JSON schema',
  json_object: 'JSON mode (schema in the prompt)',
  none: 'no answer format (schema in the prompt)',
};

/** What the server accepts, as stored with the provider; every answer is still checked in the app. */
function CapabilitiesSummary({ caps }: { caps: ProviderCapabilities | null }) {
  if (!caps)
    return (
      <p className="muted small" data-testid="capabilities-none">
        Not tested yet: the first batch tests it, or use Test connection.
      </p>
    );
  return (
    <ul className="capabilities" data-testid="capabilities">
      <li>
        Answer format: <strong>{FORMAT[caps.structuredOutput]}</strong>
        {caps.schemaFollowed === false ? ' (accepted, but the model did not follow it)' : ''}
      </li>
      <li>
        Token limit sent as <code>{caps.tokenParameter}</code>
      </li>
      <li>Images: {caps.images ? 'yes' : <strong className="bad-text">no — scoring cannot use this model</strong>}</li>
      <li>Audio: {caps.audio === null ? 'not tested' : caps.audio ? 'yes' : 'no (not needed)'}</li>
      <li className="muted small">
        Tested {new Date(caps.testedAt).toLocaleString('en-GB')} with {caps.requests} tiny request(s)
      </li>
    </ul>
  );
}

/** "Test connection": the key, the model list, and what the server accepts (a few tiny requests, stored). */
export function ConnectionTest({ provider, onTested }: { provider: ModelProvider; onTested?: () => void }) {
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
      onTested?.();
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
        Lists the server's models and finds out what it accepts (answer format, token parameter, images, audio) with a
        few tiny requests: a plain grey test image and a moment of silence, nothing from a recording or a rubric.
      </p>
      <CapabilitiesSummary caps={result?.capabilities ?? provider.capabilities} />
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
            {result.ok
              ? `Works: ${provider.model} at ${result.host} answers as needed.`
              : 'Something does not work yet; see below.'}
          </strong>
        )}
      </div>
      <ErrorText error={error} />
      {result && (
        <ul className="checks" data-testid="connection-checks">
          {result.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? 'OK' : 'Problem'}</span> <strong>{CHECK_LABELS[c.name]}</strong>:{' '}
              {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
