import { useEffect, useRef, useState } from 'react';
import type { DiagnosticsReport, SettingsValues } from '../../../contract/types';
import type { ProgressEvent } from '../../../contract/events';
import { ApiError, callApi, newOperationId, onEvent } from '../api/client';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';

export function SettingsSection() {
  const info = useApp((s) => s.info);
  const [settings, setSettings] = useState<SettingsValues | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    callApi('getSettings').then(setSettings).catch(setError);
  }, []);

  async function save(patch: Partial<SettingsValues>) {
    setError(null);
    try {
      setSettings(await callApi('updateSettings', patch));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="section">
      <header className="section-head">
        <h1>Settings</h1>
        <p className="muted">Where the data lives, the media tools, and a system check.</p>
      </header>

      <section className="card">
        <h2>Data</h2>
        <dl className="facts">
          <dt>Database</dt>
          <dd data-testid="db-path">{info?.dbPath}</dd>
          <dt>Data folder</dt>
          <dd>{info?.dataDir}</dd>
        </dl>
        {settings && (
          <label className="check">
            <input
              type="checkbox"
              checked={settings.copyOriginals}
              onChange={(e) => void save({ copyOriginals: e.target.checked })}
            />
            Copy imported recordings into the app's library (otherwise they are referenced where they are)
          </label>
        )}
      </section>

      <section className="card">
        <h2>Media tools</h2>
        <p className="muted">Leave empty to use the bundled ffmpeg, or the one on the system PATH.</p>
        {settings && <ToolPaths settings={settings} onSave={save} />}
      </section>

      <ErrorText error={error} />
      <SystemCheck />
    </div>
  );
}

function ToolPaths({ settings, onSave }: { settings: SettingsValues; onSave: (p: Partial<SettingsValues>) => void }) {
  const [ffmpeg, setFfmpeg] = useState(settings.ffmpegPath ?? '');
  const [ffprobe, setFfprobe] = useState(settings.ffprobePath ?? '');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ffmpegPath: ffmpeg.trim() || null, ffprobePath: ffprobe.trim() || null });
      }}
    >
      <label>
        ffmpeg path
        <input value={ffmpeg} onChange={(e) => setFfmpeg(e.target.value)} placeholder="automatic" />
      </label>
      <label>
        ffprobe path
        <input value={ffprobe} onChange={(e) => setFfprobe(e.target.value)} placeholder="automatic" />
      </label>
      <button type="submit">Save paths</button>
    </form>
  );
}

function SystemCheck() {
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const opRef = useRef<string | null>(null);

  useEffect(
    () =>
      onEvent('progress', (p) => {
        if (p.operationId === opRef.current) setProgress(p);
      }),
    [],
  );

  async function run() {
    const id = newOperationId();
    opRef.current = id;
    setReport(null);
    setError(null);
    setProgress({ operationId: id, kind: 'runDiagnostics', done: 0, total: 1 });
    try {
      setReport(await callApi('runDiagnostics', id));
    } catch (err) {
      if (!(err instanceof ApiError && err.name === 'Cancelled')) setError(err);
    } finally {
      opRef.current = null;
      setProgress(null);
    }
  }

  return (
    <section className="card" data-testid="system-check">
      <h2>System check</h2>
      <p className="muted">Checks the database, the data folder and the media tools.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void run()} disabled={!!progress}>
          Run system check
        </button>
        {progress && (
          <>
            <progress max={progress.total} value={progress.done} aria-label="System check progress" />
            <span className="muted">{progress.current}</span>
            <button type="button" onClick={() => opRef.current && void callApi('cancelOperation', opRef.current)}>
              Cancel
            </button>
          </>
        )}
      </div>
      <ErrorText error={error} />
      {report && (
        <ul className="checks" data-testid="check-results">
          {report.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="badge">{c.ok ? 'OK' : 'Problem'}</span> <strong>{c.name}</strong>: {c.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
