import type { ScoringRecordingResult } from '../../../../contract/scoring';

export type RowState = {
  status: 'waiting' | 'running' | ScoringRecordingResult['status'];
  reason?: string | null;
  reused?: boolean;
  tokens?: string;
};

const STATUS_TEXT: Record<RowState['status'], string> = {
  waiting: 'waiting',
  running: 'asking the model…',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** One line per recording: waiting, running, then done or failed with the reason. */
export function RecordingProgress({
  recordings,
  states,
}: {
  recordings: { id: number; label: string }[];
  states: Map<number, RowState>;
}) {
  return (
    <table className="table recording-progress" data-testid="scoring-results">
      <thead>
        <tr>
          <th>Recording</th>
          <th>Status</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {recordings.map((r) => {
          const s = states.get(r.id) ?? { status: 'waiting' as const };
          return (
            <tr key={r.id} data-testid="scoring-result-row" data-status={s.status}>
              <td>{r.label}</td>
              <td>
                <span className={`status status-${s.status}`}>{STATUS_TEXT[s.status]}</span>
              </td>
              <td className="reason">
                {s.reused ? 'reused: identical settings already answered; nothing sent' : (s.reason ?? s.tokens ?? '')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
