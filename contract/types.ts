/** Plain data shapes that cross the bridge. Names follow the domain, not the tables. */

export interface ExamSession {
  id: number;
  name: string;
  date: string | null;
  site: string | null;
  blindFirst: boolean;
  createdAt: string;
  recordingCount: number;
}

export interface RecordingListItem {
  id: number;
  sha256: string;
  sessionName: string;
  stationCode: string;
  rubricId: string;
  rubricVersion: number;
  candidateCode: string | null;
  fileName: string;
  durationS: number;
  width: number;
  height: number;
  importedAt: string;
}

export interface MediaToolInfo {
  path: string | null;
  source: string | null;
  version: string | null;
  problem: string | null;
}

export interface AppInfo {
  appVersion: string;
  dbPath: string;
  schemaVersion: number;
  isDemo: boolean;
  dataDir: string;
}

export interface SettingsValues {
  ffmpegPath: string | null;
  ffprobePath: string | null;
  copyOriginals: boolean;
}

export interface DiagnosticsCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DiagnosticsReport {
  ok: boolean;
  checks: DiagnosticsCheck[];
}
