import { useEffect, useRef, useState } from 'react';
import type { ExportFormat, LeaderboardSettings } from '../../../../contract/reports';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useAppCommands } from '../../store/app-commands';
import { offerDownload } from './figures';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'html', label: 'Report (HTML, works offline)' },
  { format: 'csv', label: 'Data (CSV, one row per recording, step and rater)' },
  { format: 'json', label: 'Everything (JSON)' },
];

export function ExportBar({
  sessionId,
  station,
  minimums,
}: {
  sessionId: number | undefined;
  station: string | undefined;
  /** The leaderboard minimums the user set; files are made with the same ones as the screen. */
  minimums: LeaderboardSettings | null;
}) {
  const [busy, setBusy] = useState<ExportFormat | 'pdf' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // File › Export report… (application menu) brings the export choices into view and focus.
  const bar = useRef<HTMLDivElement>(null);
  const exportPending = useAppCommands((s) => s.exportPending);
  useEffect(() => {
    if (!exportPending) return;
    useAppCommands.setState({ exportPending: false });
    bar.current?.scrollIntoView({ block: 'center' });
    bar.current?.querySelector('button')?.focus();
  }, [exportPending]);
  const scope = {
    ...(sessionId !== undefined ? { sessionId } : {}),
    ...(station !== undefined ? { station } : {}),
    ...(minimums ?? {}),
  };
  // PDF: the same self-contained HTML report, printed by the app's own Chromium and saved where the user says.
  const pdf = async () => {
    setBusy('pdf');
    setError(null);
    setSaved(null);
    try {
      const html = await callApi('exportReport', { format: 'html', ...scope });
      const result = await callApi('saveReportPdf', {
        html: html.content,
        fileName: html.fileName.replace(/\.html$/, '.pdf'),
      });
      if (result) setSaved(result.file);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
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
    <div className="export-bar" data-testid="export-bar" ref={bar}>
      <span className="muted">Export:</span>
      {FORMATS.map((f) => (
        <button
          key={f.format}
          type="button"
          onClick={() => void run(f.format)}
          disabled={busy !== null}
          title={f.label}
        >
          {busy === f.format ? 'Preparing…' : f.format.toUpperCase()}
        </button>
      ))}
      <button type="button" onClick={() => void pdf()} disabled={busy !== null} title="Report (PDF, ready to print)">
        {busy === 'pdf' ? 'Preparing…' : 'PDF'}
      </button>
      {saved && (
        <span className="muted small" role="status" data-testid="pdf-saved">
          Saved to {saved}
        </span>
      )}
      <ErrorText error={error} />
    </div>
  );
}
