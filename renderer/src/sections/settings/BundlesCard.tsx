import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';
import { BundleImportDialog } from './BundleImportDialog';
import { ConflictsPanel } from './ConflictsPanel';

/** A file name for the save dialog from a session's name (no path separators or reserved characters). */
const bundleName = (session: string) =>
  `${session.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').trim() || 'session'}.osce-bundle`;

/** Exam bundles: export a session, import one with its preview, and decide the differences imports left. */
export function BundlesCard() {
  const { t } = useTranslation('settings');
  const sessions = useApp((s) => s.sessions);
  const [session, setSession] = useState('');
  const [withMedia, setWithMedia] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [conflictsKey, setConflictsKey] = useState(0);

  async function exportSession() {
    setError(null);
    setDone(null);
    const file = await callApi('chooseBundleSavePath', { defaultName: bundleName(session) });
    if (!file) return;
    setBusy(true);
    try {
      const r = await callApi('exportBundle', { session, file, withMedia });
      setDone(
        t('bundles.exported', { file: r.file, entries: r.entries, media: r.media, fingerprint: r.signer.slice(0, 16) }),
      );
    } finally {
      setBusy(false);
    }
  }

  async function openBundle() {
    const [file] = await callApi('chooseImportPaths', { kind: 'bundle' });
    if (file) setImporting(file);
  }

  return (
    <section className="card bundles-card" data-testid="bundles-card" aria-labelledby="bundles-title">
      <h2 id="bundles-title">{t('bundles.title')}</h2>
      <p className="muted">{t('bundles.intro')}</p>
      <div className="bundles-grid">
        <form
          className="inline-form"
          aria-label={t('bundles.exportTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void exportSession().catch(setError);
          }}
        >
          <h3>{t('bundles.exportTitle')}</h3>
          <label>
            {t('bundles.session')}
            <select value={session} onChange={(e) => setSession(e.target.value)} data-testid="bundle-session">
              <option value="">{t('bundles.chooseSession')}</option>
              {sessions.map((s) => (
                <option key={s.id} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={withMedia} onChange={(e) => setWithMedia(e.target.checked)} />
            {t('bundles.withMedia')}
          </label>
          <button type="submit" className="primary" disabled={!session || busy}>
            {busy ? t('bundles.exporting') : t('bundles.export')}
          </button>
        </form>
        <div>
          <h3>{t('bundles.importTitle')}</h3>
          <button type="button" onClick={() => void openBundle().catch(setError)}>
            {t('bundles.open')}
          </button>
        </div>
      </div>
      {done && (
        <p role="status" data-testid="bundle-exported" className="mono-wrap">
          {done}
        </p>
      )}
      <ErrorText error={error} />
      <ConflictsPanel key={conflictsKey} />
      {importing && (
        <BundleImportDialog
          file={importing}
          onClose={() => {
            setImporting(null);
            setConflictsKey((k) => k + 1);
          }}
        />
      )}
    </section>
  );
}
