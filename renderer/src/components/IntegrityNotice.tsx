import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from '../api/client';
import { useApp } from '../store/app-store';

/**
 * The start-up integrity check runs in the background while the app is usable; when it finds
 * damage this stays at the top of every screen until the database is restored.
 */
export function IntegrityNotice() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  const load = useApp((s) => s.load);
  // The check can finish before or after the page first asked for appInfo: the event re-reads it.
  useEffect(() => onEvent('integrity-check', () => void load()), [load]);
  const check = info?.integrityCheck;
  if (check?.state !== 'damaged') return null;
  return (
    <div className="integrity-notice" role="alert" data-testid="integrity-notice">
      <strong>{t('integrity.damaged')}</strong> {t('integrity.found', { detail: check.detail ?? '' })}{' '}
      {check.latestBackup ? (
        <>
          {t('integrity.whatToDo')} <code>{`osce restore "${check.latestBackup}"`}</code>
        </>
      ) : (
        t('integrity.noBackup')
      )}
    </div>
  );
}
