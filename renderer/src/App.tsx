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

const SECTIONS: { id: Section; label: string; hint: string }[] = [
  { id: 'recordings', label: 'Recordings', hint: 'Import and browse exam recordings' },
  { id: 'review', label: 'Review', hint: 'Mark recordings against the station rubric' },
  { id: 'rubrics', label: 'Rubrics', hint: 'Station rubrics: versions, editor, import and export' },
  { id: 'reports', label: 'Reports', hint: 'Agreement, leaderboard and trainee feedback' },
  { id: 'settings', label: 'Settings', hint: 'Model providers, media tools and data' },
];

export function App() {
  const { section, go, load, info, fatal, reloadSessions } = useApp();

  useEffect(() => {
    void load();
    // The saved theme wins over the one cached for the first paint.
    callApi('getSettings')
      .then((s) => useTheme.getState().set(s.theme))
      .catch(() => undefined);
  }, [load]);

  useDataChanged(['sessions', 'recordings'], reloadSessions);
  useAppCommandEvents();

  if (fatal) {
    return (
      <main className="fatal" role="alert" data-testid="fatal-error">
        <h1>The exam database could not be opened</h1>
        <p className="fatal-name">{fatal.name}</p>
        <p>{fatal.message}</p>
        <p className="muted">
          Nothing was changed. Close the app and start it with another database, or update the app.
        </p>
      </main>
    );
  }

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ✚
          </span>
          <div>
            <div className="brand-name">OSCE Scoring</div>
            <div className="brand-sub">Examiner decides · model assists</div>
          </div>
        </div>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={s.id === section ? 'nav-item active' : 'nav-item'}
                aria-current={s.id === section ? 'page' : undefined}
                onClick={() => go(s.id)}
                title={s.hint}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {info ? (
            <>
              {info.isDemo && <div className="demo-chip">DEMO DATABASE</div>}
              <div title={info.dbPath}>Database: {info.dbPath.split(/[\\/]/).pop()}</div>
              <div>
                Schema v{info.schemaVersion} · app {info.appVersion}
              </div>
            </>
          ) : (
            <div>Loading…</div>
          )}
        </div>
      </nav>
      <main className="content" data-testid={`section-${section}`}>
        {info?.isDemo && (
          <div className="demo-banner" role="status" data-testid="demo-banner">
            <strong>DEMO DATA</strong> · generated recordings, demo examiners and demo models for exploring the app.
            These are not exam records and never mix with them.
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
