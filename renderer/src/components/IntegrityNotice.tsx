import { useEffect } from 'react';
import { onEvent } from '../api/client';
import { useApp } from '../store/app-store';

/**
 * The start-up integrity check runs in the background while the app is usable; when it finds
 * damage this stays at the top of every screen until the database is restored.
 */
export function IntegrityNotice() {
  const info = useApp((s) => s.info);
  const load = useApp((s) => s.load);
  // The check can finish before or after the page first asked for appInfo: the event re-reads it.
  useEffect(() => onEvent('integrity-check', () => void load()), [load]);
  const check = info?.integrityCheck;
  if (check?.state !== 'damaged') return null;
  return (
    <div className="integrity-notice" role="alert" data-testid="integrity-notice">
      <strong>The exam database is damaged.</strong> SQLite&apos;s integrity check found: {check.detail}. Stop marking,
      close the app and restore the latest backup
      {check.latestBackup ? (
        <>
          {' '}
          (<code>osce restore &quot;{check.latestBackup}&quot;</code>)
        </>
      ) : (
        ' (none was found in the backup folder)'
      )}
      .
    </div>
  );
}
