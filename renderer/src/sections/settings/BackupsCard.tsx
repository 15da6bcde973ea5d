import { useEffect, useState, type FormEvent } from 'react';
import type { BackupsOverview } from '../../../../contract/integrity';
import type { SettingsValues } from '../../../../contract/system';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

const size = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** Automatic backups (on exit and daily) and a manual one, with where they go and how many are kept. */
export function BackupsCard({
  settings,
  onSave,
}: {
  settings: SettingsValues;
  onSave: (p: Partial<SettingsValues>) => Promise<void>;
}) {
  const [overview, setOverview] = useState<BackupsOverview | null>(null);
  const [folder, setFolder] = useState(settings.backupFolder ?? '');
  const [keep, setKeep] = useState(String(settings.backupKeep));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = () => callApi('listBackups').then(setOverview).catch(setError);
  useEffect(() => {
    void reload();
  }, [settings.backupFolder, settings.backupKeep]);

  async function saveOptions(e: FormEvent) {
    e.preventDefault();
    setError(null);
    await onSave({ backupFolder: folder.trim() || null, backupKeep: Number(keep) });
  }

  async function backupNow() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const b = await callApi('backupNow');
      setDone(`Backup written: ${b.file}`);
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="backups-card">
      <h2>Backups</h2>
      <p className="muted">
        The app backs up the database when it closes and once a day, with SQLite's online backup. Restore one with{' '}
        <code>osce restore FILE</code> (the current database is kept aside).
      </p>
      <form className="inline-form" onSubmit={(e) => void saveOptions(e)} aria-label="Backup options">
        <label>
          Backup folder
          <input
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder={overview?.folder ?? 'beside the database'}
          />
        </label>
        <label>
          Backups kept
          <input type="number" value={keep} onChange={(e) => setKeep(e.target.value)} />
        </label>
        <button type="submit">Save backup options</button>
        <button type="button" className="primary" disabled={busy} onClick={() => void backupNow()}>
          {busy ? 'Backing up…' : 'Back up now'}
        </button>
      </form>
      {done && (
        <p role="status" data-testid="backup-done">
          {done}
        </p>
      )}
      <ErrorText error={error} />
      {overview && overview.backups.length > 0 && (
        <ul className="backup-list" data-testid="backup-list">
          {overview.backups.slice(0, 5).map((b) => (
            <li key={b.file}>
              {new Date(b.at).toLocaleString()} · {size(b.bytes)} · <span className="muted">{b.file}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
