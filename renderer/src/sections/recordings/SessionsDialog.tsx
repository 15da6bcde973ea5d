import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { useApp } from '../../store/app-store';
import { SessionForm } from '../SessionForm';

/** The exam sessions and a form for a new one, in a dialog over the recordings list. */
export function SessionsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('recordings');
  const sessions = useApp((s) => s.sessions);
  return (
    <Modal title={t('sessions.title')} onClose={onClose} testId="sessions-dialog" wide>
      {sessions.length === 0 ? (
        <p className="muted" data-testid="no-sessions">
          {t('sessions.none')}
        </p>
      ) : (
        <table className="table" data-testid="sessions-table">
          <thead>
            <tr>
              <th>{t('sessions.name')}</th>
              <th>{t('sessions.date')}</th>
              <th>{t('sessions.site')}</th>
              <th>{t('sessions.recordings')}</th>
              <th>{t('sessions.blindFirst')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.date ?? '—'}</td>
                <td>{s.site ?? '—'}</td>
                <td>{s.recordingCount}</td>
                <td>{s.blindFirst ? t('sessions.on') : t('sessions.off')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SessionForm />
    </Modal>
  );
}
