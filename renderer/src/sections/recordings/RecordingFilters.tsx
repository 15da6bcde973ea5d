import { useTranslation } from 'react-i18next';
import { REVIEW_STATUSES } from '../../../../contract/review';
import type { RecordingStatusName } from '../../../../contract/reports';
import type { ExamSession } from '../../../../contract/recordings';

export interface RecordingFilterValues {
  search: string;
  status: RecordingStatusName | '';
  stationCode: string;
  sessionId: number | null;
}

export const NO_FILTERS: RecordingFilterValues = { search: '', status: '', stationCode: '', sessionId: null };

export const hasFilters = (f: RecordingFilterValues): boolean =>
  f.search.trim() !== '' || f.status !== '' || f.stationCode !== '' || f.sessionId !== null;

/** Search and filters above the list: free text, marking status, station, session. */
export function RecordingFilters({
  value,
  onChange,
  stations,
  sessions,
}: {
  value: RecordingFilterValues;
  onChange(next: RecordingFilterValues): void;
  stations: string[];
  sessions: ExamSession[];
}) {
  const { t } = useTranslation('recordings');
  const set = (patch: Partial<RecordingFilterValues>) => onChange({ ...value, ...patch });
  return (
    <div className="recording-filters" role="search" aria-label={t('filters.label')} data-testid="recording-filters">
      <label className="filter-search">
        {t('filters.search')}
        <input
          type="search"
          value={value.search}
          placeholder={t('filters.searchPlaceholder')}
          onChange={(e) => set({ search: e.target.value })}
        />
      </label>
      <label>
        {t('filters.status')}
        <select value={value.status} onChange={(e) => set({ status: e.target.value as RecordingStatusName | '' })}>
          <option value="">{t('filters.any')}</option>
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.station')}
        <select value={value.stationCode} onChange={(e) => set({ stationCode: e.target.value })}>
          <option value="">{t('filters.any')}</option>
          {stations.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.session')}
        <select
          value={value.sessionId ?? ''}
          onChange={(e) => set({ sessionId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('filters.any')}</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
