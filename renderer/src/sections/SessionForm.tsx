import { useState, type FormEvent } from 'react';
import { callApi } from '../api/client';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';

export function SessionForm() {
  const reloadSessions = useApp((s) => s.reloadSessions);
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [site, setSite] = useState('');
  const [blindFirst, setBlindFirst] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await callApi('createSession', { name, blindFirst, ...(date ? { date } : {}), ...(site ? { site } : {}) });
      setName('');
      setDate('');
      setSite('');
      setBlindFirst(true);
      await reloadSessions();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New exam session">
      <label>
        Session name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Year 3 OSCE, spring" />
      </label>
      <label>
        Date
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label>
        Site
        <input value={site} onChange={(e) => setSite(e.target.value)} placeholder="Skills lab B" />
      </label>
      <label className="check" title="Examiners score every step before they may see any model suggestion">
        <input type="checkbox" checked={blindFirst} onChange={(e) => setBlindFirst(e.target.checked)} />
        Blind first: suggestions hidden until every step is scored
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Create session
      </button>
      <ErrorText error={error} />
    </form>
  );
}
