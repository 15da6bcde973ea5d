import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult, ModelProvider, ProviderCapabilities } from '../../../../contract/scoring';
import { formatDateTime } from '../../../../domain/i18n/format';
import { ApiError, callApi, newOperationId } from '../../api/client';
import { useLanguage } from '../../i18n';
import { checkWords } from './provider-words';
import { ProviderErrorText } from './ProviderErrorText';

/** What the server accepts, as stored with the provider; every answer is still checked in the app. */
function CapabilitiesSummary({ caps }: { caps: ProviderCapabilities | null }) {
  const { t } = useTranslation('settings');
  const locale = useLanguage((s) => s.locale);
  if (!caps)
    return (
      <p className="muted small" data-testid="capabilities-none">
        {t('providers.caps.notTested')}
      </p>
    );
  return (
    <ul className="capabilities" data-testid="capabilities">
      <li>
        {t('providers.caps.format')}
        <strong>{t(`providers.caps.formats.${caps.structuredOutput}`)}</strong>
        {caps.schemaFollowed === false ? t('providers.caps.unfollowed') : ''}
      </li>
      <li>
        {t('providers.caps.tokenSentAs')}
        <code>{caps.tokenParameter}</code>
      </li>
      <li>
        {t('providers.caps.images')}
        {caps.images ? t('providers.caps.yes') : <strong className="bad-text">{t('providers.caps.imagesNo')}</strong>}
      </li>
      <li>
        {t('providers.caps.audio')}
        {caps.audio === null
          ? t('providers.caps.audioUntested')
          : caps.audio
            ? t('providers.caps.yes')
            : t('providers.caps.audioNo')}
      </li>
      <li className="muted small">
        {t('providers.caps.tested', { when: formatDateTime(caps.testedAt, locale), count: caps.requests })}
      </li>
    </ul>
  );
}

/** "Test connection": the key, the model list, and what the server accepts (a few tiny requests, stored). */
export function ConnectionTest({ provider, onTested }: { provider: ModelProvider; onTested?: () => void }) {
  const { t } = useTranslation('settings');
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
      <h3>{t('providers.test.title')}</h3>
      <p className="muted">{t('providers.test.intro')}</p>
      <CapabilitiesSummary caps={result?.capabilities ?? provider.capabilities} />
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? t('providers.test.running') : t('providers.test.run')}
        </button>
        {running && (
          <button type="button" onClick={() => op.current && void callApi('cancelOperation', op.current)}>
            {t('providers.test.cancel')}
          </button>
        )}
        {result && (
          <strong className={result.ok ? 'ok-text' : 'bad-text'} data-testid="connection-verdict">
            {result.ok
              ? t('providers.test.works', { model: provider.model, host: result.host })
              : t('providers.test.notYet')}
          </strong>
        )}
      </div>
      <ProviderErrorText error={error} />
      {result && (
        <ul className="checks" data-testid="connection-checks">
          {result.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? t('providers.test.ok') : t('providers.test.problem')}</span>{' '}
              {t('providers.fieldProblem', {
                field: t(`providers.test.checkNames.${c.name}`),
                problem: checkWords(t, c, result, provider),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
