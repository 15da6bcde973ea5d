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
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const label = !progress
    ? 'Looking for recordings…'
    : progress.current
      ? `Importing ${Math.min(done + 1, total)} of ${total}: ${progress.current}`
      : `Finishing ${total} of ${total}…`;
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress-text">
        <span data-testid="import-progress-label">
          {cancelling ? 'Cancelling… (the file in progress is rolled back)' : label}
        </span>
        <span className="muted">
          {progress?.etaS !== undefined && !cancelling ? formatTimeLeft(progress.etaS) : ''}
        </span>
      </div>
      <div
        className="import-bar"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} files`}
      >
        <div className="import-bar-fill" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
      <button type="button" onClick={onCancel} disabled={cancelling}>
        Cancel import
      </button>
    </div>
  );
}

/** What happened to every file: imported, already there (duplicate), or refused with the reason. */
export function ImportSummary({ result, onDismiss }: { result: ImportResult; onDismiss(): void }) {
  const { imported, duplicates, failed, skipped, cancelled, notStarted } = result;
  return (
    <div className="import-summary" data-testid="import-summary" role="status">
      <p className="import-summary-head">
        <strong>{cancelled ? 'Import cancelled.' : 'Import finished.'}</strong>{' '}
        <span data-testid="import-counts">
          {imported.length} imported · {duplicates.length} already in the library · {failed.length} failed
          {cancelled ? ` · ${notStarted.length} not imported` : ''}
        </span>
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      </p>
      {failed.length > 0 && (
        <div className="import-group bad">
          <h3>Could not be imported</h3>
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
          <h3>Already in the library (same bytes), not imported again</h3>
          <ul data-testid="import-duplicates">
            {duplicates.map((d) => (
              <li key={d.path} title={d.path}>
                {fileNameOf(d.path)} is recording #{d.existingId}
              </li>
            ))}
          </ul>
        </div>
      )}
      {imported.length > 0 && (
        <div className="import-group ok">
          <h3>Imported</h3>
          <ul data-testid="import-imported">
            {imported.map((i) => (
              <li key={i.id} title={i.path}>
                {fileNameOf(i.path)}: {formatDuration(i.durationS)}, {i.width}×{i.height}, {i.videoCodec}
                {i.proxyStatus === 'pending' ? ' (the app makes a playable copy of it)' : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && (
        <p className="muted">{skipped.length} file(s) in the chosen folders are not videos and were left alone.</p>
      )}
      {cancelled && notStarted.length > 0 && (
        <p className="muted">
          Not imported because of the cancel: {notStarted.map(fileNameOf).join(', ')}. Nothing partial was kept.
        </p>
      )}
    </div>
  );
}
