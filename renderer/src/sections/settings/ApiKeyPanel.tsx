import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyStorageStatus, ModelProvider } from '../../../../contract/scoring';
import { callApi } from '../../api/client';
import { ProviderErrorText } from './ProviderErrorText';

/** What an OpenAI key looks like (not words to translate). */
const KEY_EXAMPLE = 'sk-…';

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
  const { t } = useTranslation('settings');
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
      <h3>
        {t('providers.key.title')}{' '}
        {provider.kind === 'local' && <span className="muted">{t('providers.key.optional')}</span>}
      </h3>
      <p data-testid="api-key-state">
        {provider.hasApiKey ? (
          <>
            <strong>{t('providers.key.saved')}</strong>
            {status ? t('providers.key.savedRestWith', { backend: status.backend }) : t('providers.key.savedRest')}
          </>
        ) : (
          t('providers.key.none')
        )}
      </p>

      {status?.plainTextEquivalent && (
        <div className="warning" role="alert" data-testid="plain-text-warning">
          <strong>{t('providers.key.noKeychain')}</strong>{' '}
          {status.plainTextAccepted ? `${t('providers.key.accepted')} ` : ''}
          {t('providers.key.plainText')}
          <label className="check">
            <input type="checkbox" checked={status.plainTextAccepted} onChange={(e) => void accept(e.target.checked)} />
            {t('providers.key.accept')}
          </label>
        </div>
      )}
      {status && !status.available && <p className="warning">{t('providers.key.unavailable')}</p>}

      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const typed = key;
          setKey('');
          void act(
            () => callApi('setProviderApiKey', { providerId: provider.id, apiKey: typed }),
            t('providers.key.keySaved'),
          );
        }}
      >
        <label className="field grow">
          <span>{provider.hasApiKey ? t('providers.key.replace') : t('providers.key.field')}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={canStore ? KEY_EXAMPLE : t('providers.key.cannotSave')}
            disabled={!canStore || busy}
          />
        </label>
        <button type="submit" className="primary" disabled={!canStore || busy || key.trim() === ''}>
          {t('providers.key.save')}
        </button>
        {provider.hasApiKey && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => callApi('removeProviderApiKey', provider.id), t('providers.key.keyRemoved'))}
          >
            {t('providers.key.remove')}
          </button>
        )}
      </form>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <ProviderErrorText error={error} />
    </section>
  );
}
