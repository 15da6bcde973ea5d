import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExamSession, RecordingListItem } from '../../../../contract/recordings';
import type { ScoringStation } from '../../../../contract/scoring';

export type Scope =
  | { kind: 'chosen'; ids: number[] }
  | { kind: 'station'; stationId: number | null }
  | { kind: 'session'; sessionId: number | null };

const recordingLabel = (r: RecordingListItem, t: TFunction<'scoring'>) =>
  r.candidateCode
    ? t('picker.recordingCandidate', { code: r.candidateCode, station: r.stationCode })
    : t('picker.recordingFile', { file: r.fileName, station: r.stationCode });

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
  const { t } = useTranslation('scoring');
  const chosen = scope.kind === 'chosen' ? new Set(scope.ids) : new Set<number>();
  const toggle = (id: number, on: boolean) =>
    onChange({ kind: 'chosen', ids: on ? [...chosen, id] : [...chosen].filter((x) => x !== id) });

  return (
    <fieldset className="recording-picker">
      <legend>{t('picker.legend')}</legend>
      <div className="scope-tabs" role="radiogroup" aria-label={t('picker.which')}>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'chosen'}
            onChange={() => onChange({ kind: 'chosen', ids: [] })}
          />
          {t('picker.chosen')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'station'}
            onChange={() => onChange({ kind: 'station', stationId: stations[0]?.id ?? null })}
          />
          {t('picker.station')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={scope.kind === 'session'}
            onChange={() => onChange({ kind: 'session', sessionId: sessions[0]?.id ?? null })}
          />
          {t('picker.session')}
        </label>
      </div>

      {scope.kind === 'chosen' && (
        <>
          <div className="row small">
            <span className="muted">{t('picker.count', { chosen: chosen.size, total: recordings.length })}</span>
            <button
              type="button"
              className="link"
              onClick={() => onChange({ kind: 'chosen', ids: recordings.map((r) => r.id) })}
            >
              {t('picker.all')}
            </button>
            <button type="button" className="link" onClick={() => onChange({ kind: 'chosen', ids: [] })}>
              {t('picker.none')}
            </button>
          </div>
          <ul className="pick-list" data-testid="scoring-recordings">
            {recordings.map((r) => (
              <li key={r.id}>
                <label className="check">
                  <input type="checkbox" checked={chosen.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                  <span>{recordingLabel(r, t)}</span>
                  <span className="muted small">{r.sessionName}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {scope.kind === 'station' && (
        <label className="field">
          <span>{t('picker.stationLabel')}</span>
          <select
            value={scope.stationId ?? ''}
            onChange={(e) => onChange({ kind: 'station', stationId: Number(e.target.value) })}
          >
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {t('picker.stationOption', {
                  session: s.sessionName,
                  code: s.code,
                  rubric: s.rubric,
                  count: s.recordingCount,
                })}
              </option>
            ))}
          </select>
        </label>
      )}
      {scope.kind === 'session' && (
        <label className="field">
          <span>{t('picker.sessionLabel')}</span>
          <select
            value={scope.sessionId ?? ''}
            onChange={(e) => onChange({ kind: 'session', sessionId: Number(e.target.value) })}
          >
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('picker.sessionOption', { name: s.name, count: s.recordingCount })}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
