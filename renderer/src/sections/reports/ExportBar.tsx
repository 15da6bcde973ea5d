import { useEffect, useRef, useState } from 'react';
import type { ExportFormat, LeaderboardSettings } from '../../../../contract/reports';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useAppCommands } from '../../store/app-commands';
import { offerDownload, type Writing } from './figures';

const FORMATS: ExportFormat[] = ['html', 'csv', 'json'];

export function ExportBar({
  w,
  sessionId,
  station,
  minimums,
}: {
  w: Writing;
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
    // Written in the page's language.
    locale: w.locale,
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
      offerDownload(await callApi('exportReport', { format, ...scope }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-bar" data-testid="export-bar" ref={bar}>
      <span className="muted">{w.t('reports:export.label')}</span>
      {FORMATS.map((f) => (
        <button
          key={f}
          type="button"
          onClick={() => void run(f)}
          disabled={busy !== null}
          title={w.t(`reports:export.${f}`)}
        >
          {busy === f ? w.t('reports:export.preparing') : f.toUpperCase()}
        </button>
      ))}
      <button type="button" onClick={() => void pdf()} disabled={busy !== null} title={w.t('reports:export.pdf')}>
        {busy === 'pdf' ? w.t('reports:export.preparing') : 'PDF'}
      </button>
      {saved && (
        <span className="muted small" role="status" data-testid="pdf-saved">
          {w.t('reports:export.savedTo', { file: saved })}
        </span>
      )}
      <ErrorText error={error} />
    </div>
  );
}
