import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app-store';

/** "All sessions" or one exam session; the same picker wherever a view is filtered by session. */
export function SessionSelect({
  value,
  onChange,
}: {
  value: number | undefined;
  onChange: (sessionId: number | undefined) => void;
}) {
  const { t } = useTranslation('review');
  const sessions = useApp((s) => s.sessions);
  return (
    <label>
      {t('queue.session')}
      <select
        aria-label={t('queue.session')}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)}
      >
        <option value="">{t('queue.allSessions')}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
