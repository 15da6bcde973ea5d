import { useState } from 'react';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';

/**
 * The demo lives in its own database: loading it switches the app over (and back), so demo
 * recordings, examiners and models can never mix with the lab's records.
 */
export function DemoDataCard() {
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
    <section className="card" data-testid="demo-card">
      <h2>Demo data</h2>
      {isDemo ? (
        <>
          <p>You are exploring the demo database. Nothing you do here touches your own records.</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void switchTo('openOwnDatabase')}>
            Return to my database
          </button>
        </>
      ) : (
        <>
          <p className="muted">
            Try every screen before you have your own recordings: a separate demo database with generated recordings for
            each station, two demo examiners who sometimes disagree, adjudicated finals and two clearly labelled demo
            models.
          </p>
          <button type="button" disabled={busy} onClick={() => void switchTo('openDemoData')}>
            {busy ? 'Preparing the demo…' : 'Load demo data'}
          </button>
        </>
      )}
      <ErrorText error={error} />
    </section>
  );
}
