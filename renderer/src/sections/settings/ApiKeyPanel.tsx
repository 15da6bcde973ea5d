import { useCallback, useEffect, useState } from 'react';
import type { KeyStorageStatus, ModelProvider } from '../../../../contract/scoring';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/**
 * Entering and removing a provider's API key. The key goes straight to the host process, which
 * encrypts it with the system keychain; it is cleared from this form as soon as it is handed over
 * and never shown again.
 */
export function ApiKeyPanel({
  provider,
  onChanged,
}: {
  provider: ModelProvider;
  onChanged: (p: ModelProvider) => void;
}) {
  const [status, setStatus] = useState<KeyStorageStatus | null>(null);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  const loadStatus = useCallback(() => callApi('keyStorageStatus').then(setStatus).catch(setError), []);
  useEffect(() => void loadStatus(), [loadStatus]);

  async function act(what: () => Promise<ModelProvider>, done: string) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      onChanged(await what());
      setNote(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function accept(accepted: boolean) {
    setError(null);
    try {
      await callApi('updateSettings', { allowPlainTextKeyStorage: accepted });
      await loadStatus();
    } catch (err) {
      setError(err);
    }
  }

  const canStore = status?.canStore ?? false;
  return (
    <section className="key-panel" data-testid="api-key-panel">
      <h3>API key {provider.kind === 'local' && <span className="muted">(optional for a local server)</span>}</h3>
      <p data-testid="api-key-state">
        {provider.hasApiKey ? (
          <>
            <strong>A key is saved</strong>, encrypted with the system keychain{status ? ` (${status.backend})` : ''}.
            It is never shown again.
          </>
        ) : (
          <>No key saved.</>
        )}
      </p>

      {status?.plainTextEquivalent && (
        <div className="warning" role="alert" data-testid="plain-text-warning">
          <strong>No system keychain found.</strong>{' '}
          {status.plainTextAccepted ? 'You accepted plain-text-equivalent storage: ' : ''}
          On this Linux system a saved key would be encrypted with a fixed password that every copy of Chromium knows,
          so anyone who can read the database file or its backups could read the key. Better: start GNOME Keyring or
          KWallet and restart the app.
          <label className="check">
            <input type="checkbox" checked={status.plainTextAccepted} onChange={(e) => void accept(e.target.checked)} />
            I understand, and accept that API keys are stored as good as plain text on this computer
          </label>
        </div>
      )}
      {status && !status.available && <p className="warning">{status.problem}</p>}

      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const typed = key;
          setKey('');
          void act(() => callApi('setProviderApiKey', { providerId: provider.id, apiKey: typed }), 'Key saved.');
        }}
      >
        <label className="field grow">
          <span>{provider.hasApiKey ? 'Replace the key' : 'API key'}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={canStore ? 'sk-…' : 'cannot be saved on this system'}
            disabled={!canStore || busy}
          />
        </label>
        <button type="submit" className="primary" disabled={!canStore || busy || key.trim() === ''}>
          Save key
        </button>
        {provider.hasApiKey && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => callApi('removeProviderApiKey', provider.id), 'Key removed.')}
          >
            Remove key
          </button>
        )}
      </form>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <ErrorText error={error} />
    </section>
  );
}
