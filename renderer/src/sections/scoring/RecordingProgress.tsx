import { useTranslation } from 'react-i18next';
import type { ScoringRecordingResult } from '../../../../contract/scoring';

export type RowState = {
  status: 'waiting' | 'running' | ScoringRecordingResult['status'];
  reason?: string | null;
  reused?: boolean;
  tokens?: string;
};

const WAITING: RowState = { status: 'waiting' };

/** One line per recording: waiting, running, then done or failed with the reason. */
export function RecordingProgress({
  recordings,
  states,
}: {
  recordings: { id: number; label: string }[];
  states: Map<number, RowState>;
}) {
  const { t } = useTranslation('scoring');
  return (
    <table className="table recording-progress" data-testid="scoring-results">
      <thead>
        <tr>
          <th>{t('progress.recording')}</th>
          <th>{t('progress.status')}</th>
          <th>{t('progress.details')}</th>
        </tr>
      </thead>
      <tbody>
        {recordings.map((r) => {
          const s = states.get(r.id) ?? WAITING;
          return (
            <tr key={r.id} data-testid="scoring-result-row" data-status={s.status}>
              <td>{r.label}</td>
              <td>
                <span className={`status status-${s.status}`}>{t(`progress.${s.status}`)}</span>
              </td>
              <td className="reason">{s.reused ? t('progress.reused') : (s.reason ?? s.tokens ?? '')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
