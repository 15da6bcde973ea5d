import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';

export function SessionForm() {
  const { t } = useTranslation('recordings');
  const reloadSessions = useApp((s) => s.reloadSessions);
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [site, setSite] = useState('');
  const [blindFirst, setBlindFirst] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const session = await callApi('createSession', {
        name,
        blindFirst,
        ...(date ? { date } : {}),
        ...(site ? { site } : {}),
      });
      setName('');
      setDate('');
      setSite('');
      setBlindFirst(true);
      setCreated(session.name);
      await reloadSessions();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={t('sessionForm.label')}>
      <label>
        {t('sessionForm.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('sessionForm.namePlaceholder')} />
      </label>
      <label>
        {t('sessionForm.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label>
        {t('sessionForm.site')}
        <input value={site} onChange={(e) => setSite(e.target.value)} placeholder={t('sessionForm.sitePlaceholder')} />
      </label>
      <label className="check" title={t('sessionForm.blindFirstHint')}>
        <input type="checkbox" checked={blindFirst} onChange={(e) => setBlindFirst(e.target.checked)} />
        {t('sessionForm.blindFirst')}
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {t('sessionForm.create')}
      </button>
      {created && (
        <p className="muted" role="status">
          {t('sessionForm.created', { name: created })}
        </p>
      )}
      <ErrorText error={error} />
    </form>
  );
}
