import { useEffect, useState } from 'react';
import type { SettingsValues } from '../../../contract/system';
import { callApi } from '../api/client';
import { ErrorText } from '../components/ErrorText';
import { useApp } from '../store/app-store';
import { ProvidersCard } from './settings/ProvidersCard';
import { SystemCheck } from './settings/SystemCheck';
import { ToolPaths } from './settings/ToolPaths';
import { DemoDataCard } from './settings/DemoDataCard';
import { BackupsCard } from './settings/BackupsCard';
import { AppearanceCard } from './settings/AppearanceCard';

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
        <p className="muted">
          Model providers, where the data lives, the media tools, backups, appearance and a system check.
        </p>
      </header>

      <ProvidersCard />

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

      {settings && <BackupsCard settings={settings} onSave={save} />}
      <AppearanceCard onSave={save} />
      <ErrorText error={error} />
      <DemoDataCard />
      <SystemCheck />
    </div>
  );
}
