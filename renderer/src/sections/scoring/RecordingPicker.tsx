import type { ExamSession, RecordingListItem } from '../../../../contract/recordings';
import type { ScoringStation } from '../../../../contract/scoring';

export type Scope =
  | { kind: 'chosen'; ids: number[] }
  | { kind: 'station'; stationId: number | null }
  | { kind: 'session'; sessionId: number | null };

const recordingLabel = (r: RecordingListItem) =>
  `${r.candidateCode ? `Candidate ${r.candidateCode}` : r.fileName} · station ${r.stationCode}`;

/** Which recordings to score: some chosen by hand, a whole station of a session, or a whole session. */
export function RecordingPicker({
  scope,
  onChange,
  recordings,
  stations,
  sessions,
}: {
  scope: Scope;
  onChange: (s: Scope) => void;
  recordings: RecordingListItem[];
  stations: ScoringStation[];
  sessions: ExamSession[];
}) {
  const chosen = scope.kind === 'chosen' ? new Set(scope.ids) : new Set<number>();
  const toggle = (id: number, on: boolean) =>
    onChange({ kind: 'chosen', ids: on ? [...chosen, id] : [...chosen].filter((x) => x !== id) });

  return (
    <fieldset className="recording-picker">
      <legend>Recordings</legend>
      <div className="scope-tabs" role="radiogroup" aria-label="Which recordings">
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'chosen'}
            onChange={() => onChange({ kind: 'chosen', ids: [] })}
          />
          Chosen recordings
        </label>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'station'}
            onChange={() => onChange({ kind: 'station', stationId: stations[0]?.id ?? null })}
          />
          A whole station
        </label>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'session'}
            onChange={() => onChange({ kind: 'session', sessionId: sessions[0]?.id ?? null })}
          />
          A whole session
        </label>
      </div>

      {scope.kind === 'chosen' && (
        <>
          <div className="row small">
            <span className="muted">
              {chosen.size} of {recordings.length} chosen
            </span>
            <button
              type="button"
              className="link"
              onClick={() => onChange({ kind: 'chosen', ids: recordings.map((r) => r.id) })}
            >
              Choose all
            </button>
            <button type="button" className="link" onClick={() => onChange({ kind: 'chosen', ids: [] })}>
              None
            </button>
          </div>
          <ul className="pick-list" data-testid="scoring-recordings">
            {recordings.map((r) => (
              <li key={r.id}>
                <label className="check">
                  <input type="checkbox" checked={chosen.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                  <span>{recordingLabel(r)}</span>
                  <span className="muted small">{r.sessionName}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {scope.kind === 'station' && (
        <label className="field">
          <span>Station</span>
          <select
            value={scope.stationId ?? ''}
            onChange={(e) => onChange({ kind: 'station', stationId: Number(e.target.value) })}
          >
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.sessionName} · station {s.code} ({s.rubric}) · {s.recordingCount} recording(s)
              </option>
            ))}
          </select>
        </label>
      )}
      {scope.kind === 'session' && (
        <label className="field">
          <span>Session</span>
          <select
            value={scope.sessionId ?? ''}
            onChange={(e) => onChange({ kind: 'session', sessionId: Number(e.target.value) })}
          >
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.recordingCount} recording(s)
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
