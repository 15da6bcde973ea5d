import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupCheck } from '../../../../contract/integrity';
import { ApiError, callApi } from '../../api/client';
import { Modal } from '../../components/Modal';
import { formatNumber } from '../../../../domain/i18n/format';
import { useLanguage } from '../../i18n';
import type { Locale } from '../../../../domain/i18n/locales';
import { reloadAfterRestore } from './restore-outcome';

const REASONS = [
  'BackupFileError',
  'BackupUnverified',
  'DatabaseInUse',
  'RestoreVerificationFailed',
  'DiskFull',
] as const;

export const fileSize = (bytes: number, locale: Locale) =>
  bytes >= 1 << 20
    ? `${formatNumber(bytes / (1 << 20), locale, 1)} MB`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`;

/**
 * Restore one backup: it is checked first (the file, its schema, its own audit trail and anchor),
 * as `osce restore` checks it. A backup that cannot be verified is restored only if the user
 * explicitly accepts that, which the audit trail records as an alarm. A refusal names the reason.
 */
export function RestoreDialog({ file, onClose }: { file: string; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const locale = useLanguage((s) => s.locale);
  const [check, setCheck] = useState<BackupCheck | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ reason: string; detail: string } | null>(null);

  function refuse(err: unknown) {
    const name = err instanceof ApiError ? err.name : 'Error';
    const message = err instanceof Error ? err.message : String(err);
    const detail = /cannot be restored: (.*)\. The current database was not changed\./.exec(message)?.[1] ?? message;
    const known = (REASONS as readonly string[]).includes(name) ? (name as (typeof REASONS)[number]) : null;
    setRefusal({ reason: known ? t(`restore.reasons.${known}`, { detail }) : message, detail: message });
  }

  useEffect(() => {
    callApi('checkBackup', file).then(setCheck).catch(refuse);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- checked once per file
  }, [file]);

  async function restore() {
    setBusy(true);
    setRefusal(null);
    try {
      reloadAfterRestore(await callApi('restoreBackup', { file, acceptUnverified: accepted }));
    } catch (err) {
      refuse(err);
      setBusy(false);
    }
  }

  const unverified = (check?.problems.length ?? 0) > 0;
  return (
    <Modal title={t('restore.title')} onClose={busy ? undefined : onClose} testId="restore-dialog" wide>
      {!check && !refusal && <p role="status">{t('restore.checking')}</p>}
      {check && (
        <>
          <p className="mono small">
            {t('restore.facts', {
              file: check.file,
              pages: formatNumber(check.pages, locale),
              schema: check.schemaVersion,
              size: fileSize(check.bytes, locale),
            })}
          </p>
          {unverified ? (
            <div className="restore-warning" data-testid="restore-unverified">
              <h3>{t('restore.unverifiedTitle')}</h3>
              <p>{t('restore.unverifiedIntro')}</p>
              <ul>
                {check.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <label className="check">
                <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />
                {t('restore.accept')}
              </label>
            </div>
          ) : (
            <p className="restore-verified">{t('restore.verified')}</p>
          )}
          <p className="muted">{t('restore.replaces')}</p>
        </>
      )}
      {refusal && (
        <div className="error-text" role="alert" data-testid="restore-refused">
          <strong>{t('restore.refused', { reason: refusal.reason })}</strong> {t('restore.nothingChanged')}
          {refusal.detail !== refusal.reason && <p className="muted small">{refusal.detail}</p>}
        </div>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          {t('restore.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!check || busy || (unverified && !accepted)}
          onClick={() => void restore()}
        >
          {busy ? t('restore.working') : t('restore.confirm')}
        </button>
      </div>
    </Modal>
  );
}
