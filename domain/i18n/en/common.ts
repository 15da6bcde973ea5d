/** English strings shared by every screen: the shell, navigation, language and theme, generic actions. */
export const common = {
  appName: 'OSCE Scoring',
  tagline: 'Examiner decides · model assists',
  nav: {
    sections: 'Sections',
    recordings: 'Recordings',
    recordingsHint: 'Import and browse exam recordings',
    review: 'Review',
    reviewHint: 'Mark recordings against the station rubric',
    rubrics: 'Rubrics',
    rubricsHint: 'Station rubrics: versions, editor, import and export',
    reports: 'Reports',
    reportsHint: 'Agreement, leaderboard and trainee feedback',
    settings: 'Settings',
    settingsHint: 'Model providers, media tools and data',
  },
  db: {
    label: 'Database: {{name}}',
    version: 'Schema v{{schema}} · app {{app}}',
    loading: 'Loading…',
    demoChip: 'DEMO DATABASE',
  },
  demoBanner: {
    strong: 'DEMO DATA',
    text: 'generated recordings, demo examiners and demo models for exploring the app. These are not exam records and never mix with them.',
  },
  fatal: {
    title: 'The exam database could not be opened',
    nothingChanged: 'Nothing was changed. Close the app and start it with another database, or update the app.',
  },
  appearance: {
    title: 'Appearance',
    theme: 'Colours',
    system: 'System',
    systemHint: 'follow the operating system',
    light: 'Light',
    dark: 'Dark',
    language: 'Language',
    languageSystem: 'System ({{resolved}})',
    saved: 'Saved.',
  },
  language: {
    en: 'English',
    'zh-CN': '简体中文',
  },
  integrity: {
    damaged: 'The exam database is damaged.',
    found: 'SQLite’s integrity check found: {{detail}}.',
    whatToDo: 'Stop marking and restore the latest backup (Settings › Backups › Restore…), or from the command line:',
    noBackup:
      'Stop marking: no backup was found in the backup folder. Keep a copy of the database file before anything else.',
  },
  actions: {
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    retry: 'Try again',
    browse: 'Browse…',
  },
} as const;
