import { useState } from 'react';
import type { ExportFormat } from '../../../../contract/report-types';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { offerDownload } from './figures';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'html', label: 'Report (HTML, works offline)' },
  { format: 'csv', label: 'Data (CSV, one row per recording, step and rater)' },
  { format: 'json', label: 'Everything (JSON)' },
];

export function ExportBar({ sessionId, station }: { sessionId: number | undefined; station: string | undefined }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      offerDownload(
        await callApi('exportReport', {
          format,
          ...(sessionId !== undefined ? { sessionId } : {}),
          ...(station !== undefined ? { station } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-bar" data-testid="export-bar">
      <span className="muted">Export:</span>
      {FORMATS.map((f) => (
        <button key={f.format} type="button" onClick={() => void run(f.format)} disabled={busy !== null} title={f.label}>
          {busy === f.format ? 'Preparing…' : f.format.toUpperCase()}
        </button>
      ))}
      <span className="muted small">PDF: print the HTML report, or <code>osce report --out report.pdf</code></span>
      <ErrorText error={error} />
    </div>
  );
}
