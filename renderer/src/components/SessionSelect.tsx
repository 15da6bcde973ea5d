import { useApp } from '../store/app-store';

/** "All sessions" or one exam session; the same picker wherever a view is filtered by session. */
export function SessionSelect({
  value,
  onChange,
}: {
  value: number | undefined;
  onChange: (sessionId: number | undefined) => void;
}) {
  const sessions = useApp((s) => s.sessions);
  return (
    <label>
      Session
      <select
        aria-label="Session"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)}
      >
        <option value="">All sessions</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
