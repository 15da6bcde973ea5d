import { useEffect } from 'react';
import { useDataChanged } from './api/useDataChanged';
import { useApp, type Section } from './store/app-store';
import { RecordingsSection } from './sections/RecordingsSection';
import { ReviewSection } from './sections/ReviewSection';
import { ReportsSection } from './sections/ReportsSection';
import { SettingsSection } from './sections/SettingsSection';
import { RubricsSection } from './sections/rubrics/RubricsSection';
import { BundleNotice } from './components/BundleNotice';
import { IntegrityNotice } from './components/IntegrityNotice';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { useAppCommandEvents } from './store/app-commands';
import { callApi } from './api/client';
import { useTheme } from './theme';
import { useTranslation } from 'react-i18next';
import { useLanguage } from './i18n';

const SECTIONS: Section[] = ['recordings', 'review', 'rubrics', 'reports', 'settings'];

export function App() {
  const { section, go, load, info, fatal, reloadSessions } = useApp();
  const { t } = useTranslation();

  useEffect(() => {
    void load();
    // The saved theme wins over the one cached for the first paint.
    callApi('getSettings')
      .then((s) => {
        useTheme.getState().set(s.theme);
        useLanguage.getState().set(s.language);
      })
      .catch(() => undefined);
  }, [load]);

  useDataChanged(['sessions', 'recordings'], reloadSessions);
  useAppCommandEvents();

  if (fatal) {
    return (
      <main className="fatal" role="alert" data-testid="fatal-error">
        <h1>{t('fatal.title')}</h1>
        <p className="fatal-name">{fatal.name}</p>
        <p>{fatal.message}</p>
        <p className="muted">{t('fatal.nothingChanged')}</p>
      </main>
    );
  }

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.sections')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ✚
          </span>
          <div>
            <div className="brand-name">{t('appName')}</div>
            <div className="brand-sub">{t('tagline')}</div>
          </div>
        </div>
        <ul>
          {SECTIONS.map((id) => (
            <li key={id}>
              <button
                type="button"
                className={id === section ? 'nav-item active' : 'nav-item'}
                aria-current={id === section ? 'page' : undefined}
                onClick={() => go(id)}
                title={t(`nav.${id}Hint`)}
              >
                {t(`nav.${id}`)}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {info ? (
            <>
              {info.isDemo && <div className="demo-chip">{t('db.demoChip')}</div>}
              <div title={info.dbPath}>{t('db.label', { name: info.dbPath.split(/[\\/]/).pop() ?? '' })}</div>
              <div>{t('db.version', { schema: info.schemaVersion, app: info.appVersion })}</div>
            </>
          ) : (
            <div>{t('db.loading')}</div>
          )}
        </div>
      </nav>
      <main className="content" data-testid={`section-${section}`}>
        {info?.isDemo && (
          <div className="demo-banner" role="status" data-testid="demo-banner">
            <strong>{t('demoBanner.strong')}</strong> · {t('demoBanner.text')}
          </div>
        )}
        <IntegrityNotice />
        <BundleNotice />
        {section === 'recordings' && <RecordingsSection />}
        {section === 'review' && <ReviewSection />}
        {section === 'rubrics' && <RubricsSection />}
        {section === 'reports' && <ReportsSection />}
        {section === 'settings' && <SettingsSection />}
      </main>
      <ShortcutsDialog />
    </div>
  );
}
