import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';

/**
 * The demo lives in its own database: loading it switches the app over (and back), so demo
 * recordings, examiners and models can never mix with the lab's records.
 */
export function DemoDataCard() {
  const { t } = useTranslation('settings');
  const isDemo = useApp((s) => s.info?.isDemo ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function switchTo(call: 'openDemoData' | 'openOwnDatabase') {
    setBusy(true);
    setError(null);
    try {
      await callApi(call);
      window.location.reload();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="demo-card" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('demo.title')}</h2>
      {isDemo ? (
        <>
          <p>{t('demo.exploring')}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void switchTo('openOwnDatabase')}>
            {t('demo.return')}
          </button>
        </>
      ) : (
        <>
          <p className="muted">{t('demo.intro')}</p>
          <button type="button" disabled={busy} onClick={() => void switchTo('openDemoData')}>
            {busy ? t('demo.preparing') : t('demo.load')}
          </button>
        </>
      )}
      <ErrorText error={error} />
    </section>
  );
}
