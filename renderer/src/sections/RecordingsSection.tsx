import { useEffect, useState } from 'react';
import type { RecordingListItem } from '../../../contract/types';
import { callApi } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';
import { SessionForm } from './SessionForm';

const fmtDuration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

export function RecordingsSection() {
  const sessions = useApp((s) => s.sessions);
  const [items, setItems] = useState<RecordingListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    callApi('listRecordings', { limit: 500 })
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [sessions]);

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

      <ErrorText error={error} />
      {items && items.length === 0 ? (
        <EmptyState title="No recordings yet" testId="recordings-empty">
          <ol>
            <li>Create an exam session above (one per exam day or cohort).</li>
            <li>
              Import the station recordings, for example <code>osce import ./videos --station cpr --session "Year 3 OSCE"</code>.
            </li>
            <li>Open a recording in Review and mark it against the station rubric.</li>
          </ol>
        </EmptyState>
      ) : items ? (
        <table className="table" data-testid="recordings-table">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>Station</th>
              <th>Session</th>
              <th>File</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>{r.candidateCode ?? '—'}</td>
                <td>{r.stationCode}</td>
                <td>{r.sessionName}</td>
                <td>{r.fileName}</td>
                <td>{fmtDuration(r.durationS)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
