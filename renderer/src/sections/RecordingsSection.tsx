import { useCallback, useEffect, useState } from 'react';
import type { RecordingListItem } from '../../../contract/recordings';
import { callApi, newOperationId, onEvent } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';
import { ImportPanel } from './recordings/ImportPanel';
import { RecordingPlayer } from './recordings/RecordingPlayer';
import { RecordingsTable } from './recordings/RecordingsTable';
import { SessionForm } from './SessionForm';
import { ModelScoringCard } from './scoring/ModelScoringCard';
import './recordings/recordings.css';

export function RecordingsSection() {
  const sessions = useApp((s) => s.sessions);
  const [items, setItems] = useState<RecordingListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [playing, setPlaying] = useState<RecordingListItem | null>(null);
  const [proxyProgress, setProxyProgress] = useState<Record<number, number>>({});
  const [checking, setChecking] = useState(false);

  const reload = useCallback(() => {
    callApi('listRecordings', { limit: 500 })
      .then((r) => setItems(r.items))
      .catch(setError);
  }, []);

  useEffect(reload, [sessions, reload]);

  // Referenced originals can move while the app is closed: a quick check (sizes and times) on opening.
  const checkFiles = useCallback(
    async (hash: boolean) => {
      setChecking(true);
      try {
        await callApi('checkRecordingFiles', newOperationId(), { hash });
        reload();
      } catch (err) {
        setError(err);
      } finally {
        setChecking(false);
      }
    },
    [reload],
  );

  useEffect(() => {
    void checkFiles(false);
  }, [checkFiles]);

  useEffect(() => {
    if (!window.osce) return undefined;
    const offChanged = onEvent('data-changed', (e) => e.what === 'recordings' && reload());
    const offProgress = onEvent('progress', (p) => {
      if (p.kind !== 'proxy') return;
      const id = Number(p.operationId.replace('proxy-', ''));
      setProxyProgress((now) => ({ ...now, [id]: p.done }));
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [reload]);

  return (
    <div className="section">
      <header className="section-head">
        <h1>Recordings</h1>
        <p className="muted">Exam sessions and the recordings imported into them.</p>
      </header>

      <section className="card">
        <h2>Exam sessions</h2>
        {sessions.length === 0 ? (
          <p className="muted" data-testid="no-sessions">
            No exam sessions yet. Create one for each exam day or cohort; recordings are imported into a session.
          </p>
        ) : (
          <table className="table" data-testid="sessions-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Date</th>
                <th>Site</th>
                <th>Recordings</th>
                <th>Blind first</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{s.date ?? '—'}</td>
                  <td>{s.site ?? '—'}</td>
                  <td>{s.recordingCount}</td>
                  <td>{s.blindFirst ? 'on' : 'off'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <SessionForm />
      </section>

      <ImportPanel onImported={reload} />

      <ErrorText error={error} />
      {items && items.length === 0 ? (
        <EmptyState title="No recordings yet" testId="recordings-empty">
          <ol>
            <li>Create an exam session above (one per exam day or cohort), or name one while importing.</li>
            <li>
              Import the station recordings above, or from a terminal:{' '}
              <code>osce import ./videos --station cpr --session "Year 3 OSCE"</code>.
            </li>
            <li>Open a recording in Review and mark it against the station rubric.</li>
          </ol>
        </EmptyState>
      ) : items ? (
        <section className="card recordings-card" data-testid="recordings-card">
          <div className="recordings-head">
            <h2>
              {items.length} recording{items.length === 1 ? '' : 's'}
            </h2>
            <button
              type="button"
              onClick={() => void checkFiles(true)}
              disabled={checking}
              title="Compare every file with the SHA-256 taken at import"
            >
              {checking ? 'Checking files…' : 'Verify files'}
            </button>
          </div>
          <RecordingsTable items={items} proxyProgress={proxyProgress} onOpen={setPlaying} />
        </section>
      ) : null}
      <ModelScoringCard />
      {playing && (
        <RecordingPlayer
          recording={items?.find((i) => i.id === playing.id) ?? playing}
          onClose={() => setPlaying(null)}
        />
      )}
    </div>
  );
}
