import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '../../../../contract/events';
import type { ImportResult } from '../../../../contract/recordings';
import { fileNameOf, formatDuration, formatTimeLeft } from './format';

/** The running import: a bar with the current file, the count and the time left, and Cancel. */
export function ImportProgress({
  progress,
  cancelling,
  onCancel,
}: {
  progress: ProgressEvent | null;
  cancelling: boolean;
  onCancel(): void;
}) {
  const { t } = useTranslation('recordings');
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const label = !progress
    ? t('progress.looking')
    : progress.current
      ? t('progress.importing', { n: Math.min(done + 1, total), total, file: progress.current })
      : t('progress.finishing', { total });
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress-text">
        <span data-testid="import-progress-label">{cancelling ? t('progress.cancelling') : label}</span>
        <span className="muted">
          {progress?.etaS !== undefined && !cancelling ? formatTimeLeft(progress.etaS, t) : ''}
        </span>
      </div>
      <div
        className="import-bar"
        role="progressbar"
        aria-label={t('progress.bar')}
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={t('progress.files', { done, total })}
      >
        <div className="import-bar-fill" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
      <button type="button" onClick={onCancel} disabled={cancelling}>
        {t('progress.cancel')}
      </button>
    </div>
  );
}

/** What happened to every file: imported, already there (duplicate), or refused with the reason. */
export function ImportSummary({ result, onDismiss }: { result: ImportResult; onDismiss(): void }) {
  const { t } = useTranslation('recordings');
  const { imported, duplicates, failed, skipped, cancelled, notStarted } = result;
  return (
    <div className="import-summary" data-testid="import-summary" role="status">
      <p className="import-summary-head">
        <strong>{cancelled ? t('summary.cancelled') : t('summary.finished')}</strong>{' '}
        <span data-testid="import-counts">
          {t('summary.counts', {
            imported: imported.length,
            duplicates: duplicates.length,
            failed: failed.length,
          })}
          {cancelled ? t('summary.notImported', { count: notStarted.length }) : ''}
        </span>
        <button type="button" className="link" onClick={onDismiss}>
          {t('summary.dismiss')}
        </button>
      </p>
      {failed.length > 0 && (
        <div className="import-group bad">
          <h3>{t('summary.failed')}</h3>
          <ul data-testid="import-failed">
            {failed.map((f) => (
              <li key={f.path} title={f.path}>
                <strong>{fileNameOf(f.path)}</strong>: {f.error.replace(`"${fileNameOf(f.path)}" `, '')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {duplicates.length > 0 && (
        <div className="import-group">
          <h3>{t('summary.duplicates')}</h3>
          <ul data-testid="import-duplicates">
            {duplicates.map((d) => (
              <li key={d.path} title={d.path}>
                {t('summary.duplicate', { name: fileNameOf(d.path), id: d.existingId })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {imported.length > 0 && (
        <div className="import-group ok">
          <h3>{t('summary.imported')}</h3>
          <ul data-testid="import-imported">
            {imported.map((i) => (
              <li key={i.id} title={i.path}>
                {t('summary.importedFile', {
                  name: fileNameOf(i.path),
                  duration: formatDuration(i.durationS),
                  width: i.width,
                  height: i.height,
                  codec: i.videoCodec,
                })}
                {i.proxyStatus === 'pending' ? t('summary.proxyNote') : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && <p className="muted">{t('summary.skipped', { count: skipped.length })}</p>}
      {cancelled && notStarted.length > 0 && (
        <p className="muted">{t('summary.notStarted', { names: notStarted.map(fileNameOf).join(', ') })}</p>
      )}
    </div>
  );
}
