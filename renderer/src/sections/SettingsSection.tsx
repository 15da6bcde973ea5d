import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsValues } from '../../../contract/system';
import { callApi } from '../api/client';
import { useApp } from '../store/app-store';
import { ProvidersCard } from './settings/ProvidersCard';
import { SystemCheck } from './settings/SystemCheck';
import { ToolPaths } from './settings/ToolPaths';
import { DemoDataCard } from './settings/DemoDataCard';
import { BackupsCard } from './settings/BackupsCard';
import { AppearanceCard } from './settings/AppearanceCard';
import { BundlesCard } from './settings/BundlesCard';
import { SaveStatus, settingsErrorLines, useSaveState } from './settings/SaveStatus';
import './settings/settings.css';

export function SettingsSection() {
  const { t } = useTranslation('settings');
  const info = useApp((s) => s.info);
  const [settings, setSettings] = useState<SettingsValues | null>(null);
  const [loadError, setLoadError] = useState<string[]>([]);
  const data = useSaveState();
  const appearance = useSaveState();

  useEffect(() => {
    callApi('getSettings')
      .then(setSettings)
      .catch((err: unknown) => setLoadError(settingsErrorLines(t, err)));
  }, [t]);

  /** Saves a change; throws the refusal so the card that asked can say why, next to its fields. */
  async function save(patch: Partial<SettingsValues>): Promise<void> {
    setSettings(await callApi('updateSettings', patch));
  }

  return (
    <div className="section settings-section">
      <header className="section-head">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
      </header>
      {loadError.length > 0 && <SaveStatus state={{ kind: 'failed', lines: loadError }} />}

      <ProvidersCard />

      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t('data.title')}</h2>
        <dl className="facts">
          <dt>{t('data.database')}</dt>
          <dd data-testid="db-path">{info?.dbPath}</dd>
          <dt>{t('data.folder')}</dt>
          <dd>{info?.dataDir}</dd>
        </dl>
        {settings && (
          <label className="check">
            <input
              type="checkbox"
              checked={settings.copyOriginals}
              onChange={(e) =>
                void data.run(t('fields.copyOriginals'), () => save({ copyOriginals: e.target.checked }))
              }
            />
            {t('data.copyOriginals')}
          </label>
        )}
        <SaveStatus state={data.state} />
      </section>

      <section className="card" aria-labelledby="tools-title">
        <h2 id="tools-title">{t('tools.title')}</h2>
        <p className="muted">{t('tools.intro')}</p>
        {settings && <ToolPaths settings={settings} onSave={save} />}
      </section>

      {settings && <BackupsCard settings={settings} onSave={save} />}
      <BundlesCard />
      <AppearanceCard onSave={(patch) => void appearance.run(t('title'), () => save(patch))} />
      <SaveStatus state={appearance.state} testId="appearance-status" />
      <DemoDataCard />
      <SystemCheck />
    </div>
  );
}
