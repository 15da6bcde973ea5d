import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupsOverview, RestoreResult } from '../../../../contract/integrity';
import type { SettingsValues } from '../../../../contract/system';
import { formatDateTime } from '../../../../domain/i18n/format';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';
import { fileSize, RestoreDialog } from './RestoreDialog';
import { takeRestoreOutcome } from './restore-outcome';
import { SaveStatus, useSaveState } from './SaveStatus';

/** Automatic backups (on exit and daily), a manual one, and restoring one, with where they go and how many are kept. */
export function BackupsCard({
  settings,
  onSave,
}: {
  settings: SettingsValues;
  onSave: (p: Partial<SettingsValues>) => Promise<void>;
}) {
  const { t } = useTranslation('settings');
  const locale = useLanguage((s) => s.locale);
  const [overview, setOverview] = useState<BackupsOverview | null>(null);
  const [folder, setFolder] = useState(settings.backupFolder ?? '');
  const [keep, setKeep] = useState(String(settings.backupKeep));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restored] = useState<RestoreResult | null>(takeRestoreOutcome);
  const status = useSaveState();

  const reload = () => callApi('listBackups').then(setOverview).catch(setError);
  useEffect(() => {
    void reload();
  }, [settings.backupFolder, settings.backupKeep]);

  async function saveOptions(e: FormEvent) {
    e.preventDefault();
    const n = Number(keep);
    if (!Number.isInteger(n) || n < 1 || n > 365) return status.refuse([t('errors.keepRange')]);
    await status.run(t('backups.savedWhat'), () => onSave({ backupFolder: folder.trim() || null, backupKeep: n }));
  }

  async function backupNow() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const b = await callApi('backupNow');
      setDone(t('backups.written', { file: b.file }));
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function chooseOther() {
    const [file] = await callApi('chooseImportPaths', { kind: 'backup' });
    if (file) setRestoring(file);
  }

  return (
    <section className="card backups-card" data-testid="backups-card" aria-labelledby="backups-title">
      <h2 id="backups-title">{t('backups.title')}</h2>
      <p className="muted">{t('backups.intro')}</p>
      {restored && (
        <div className="notice" role="status" data-testid="restore-done">
          <p>
            <strong>{t('restore.done', { file: restored.file, pages: restored.pages })}</strong>
          </p>
          {restored.keptAside && <p>{t('restore.keptAside', { file: restored.keptAside })}</p>}
          <p>{restored.recorded ? t('restore.recorded') : t('restore.notRecorded')}</p>
          {restored.unverified.length > 0 && <p className="restore-alarm">{t('restore.alarm')}</p>}
        </div>
      )}
      <form className="inline-form" onSubmit={(e) => void saveOptions(e)} aria-label={t('backups.options')}>
        <label>
          {t('backups.folder')}
          <input
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder={overview?.folder ?? t('backups.besideDatabase')}
          />
        </label>
        <label>
          {t('backups.keep')}
          <input type="number" value={keep} onChange={(e) => setKeep(e.target.value)} />
        </label>
        <button type="submit">{t('backups.save')}</button>
        <button type="button" className="primary" disabled={busy} onClick={() => void backupNow()}>
          {busy ? t('backups.working') : t('backups.now')}
        </button>
      </form>
      <SaveStatus state={status.state} testId="backup-options-status" />
      {done && (
        <p role="status" data-testid="backup-done">
          {done}
        </p>
      )}
      <ErrorText error={error} />
      {overview && overview.backups.length > 0 && (
        <ul className="backup-list" data-testid="backup-list" aria-label={t('backups.list')}>
          {overview.backups.slice(0, 5).map((b) => {
            const when = formatDateTime(b.at, locale);
            return (
              <li key={b.file}>
                <span>
                  {when} · {fileSize(b.bytes, locale)} · <span className="muted">{b.file}</span>
                </span>{' '}
                <button
                  type="button"
                  className="small"
                  aria-label={t('backups.restoreLabel', { when })}
                  onClick={() => setRestoring(b.file)}
                >
                  {t('backups.restore')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="row">
        <button type="button" onClick={() => void chooseOther().catch(setError)}>
          {t('backups.restoreOther')}
        </button>
      </div>
      {restoring && <RestoreDialog file={restoring} onClose={() => setRestoring(null)} />}
    </section>
  );
}
