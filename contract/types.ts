/** Plain data shapes that cross the bridge. Names follow the domain, not the tables. */
import type { Rubric } from '../domain/rubric/types';
import type { ProxyStatus, RecordingFileStatus, RecordingStorage } from './import-types';

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
  fps: number | null;
  videoCodec: string;
  hasAudio: boolean;
  sizeBytes: number;
  /** The file as it was imported (absolute). */
  originalPath: string;
  storage: RecordingStorage;
  proxyStatus: ProxyStatus;
  proxyError: string | null;
  fileStatus: RecordingFileStatus;
  /** Paths under the bridge's mediaBaseUrl (see mediaUrl in the renderer): the poster, and the
   *  video to play (the proxy once ready, else the original); null when there is none to show. */
  posterUrlPath: string | null;
  videoUrlPath: string | null;
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
  /** Where automatic backups go; null = the backups folder beside the database. */
  backupFolder: string | null;
  /** How many automatic backups to keep. */
  backupKeep: number;
  /** Linux without a keychain: the user knowingly accepted API keys stored as good as plain text. */
  allowPlainTextKeyStorage: boolean;
  /** Light or dark colours; 'system' follows the operating system. */
  theme: ThemeSetting;
}

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface DiagnosticsCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** One automatic or manual backup file. */
export interface BackupInfo {
  file: string;
  at: string;
  bytes: number;
}

export interface BackupsOverview {
  folder: string;
  keep: number;
  backups: BackupInfo[];
}

export interface DiagnosticsReport {
  ok: boolean;
  checks: DiagnosticsCheck[];
}

/** One stored version of a station rubric. */
export interface RubricVersionInfo {
  version: number;
  title: string;
  contentHash: string;
  /** Shipped with the app (seeded), as opposed to edited or imported by the lab. */
  builtin: boolean;
  /** Used by a score, marking, adjudication, model run or station: frozen, never changed again. */
  inUse: boolean;
  createdAt: string;
}

/** A rubric in the library: its latest version's facts plus every stored version, newest first. */
export interface RubricListItem {
  id: string;
  version: number;
  title: string;
  station: string;
  stepCount: number;
  totalPoints: number;
  /** Some version of this rubric ships with the app. */
  builtin: boolean;
  versions: RubricVersionInfo[];
}

export interface StoredRubric {
  rubric: Rubric;
  version: number;
  latestVersion: number;
  contentHash: string;
  builtin: boolean;
  inUse: boolean;
  createdAt: string;
}

/** Why a save wrote a new version instead of changing the one it started from. */
export type RubricNewVersionReason = 'in-use' | 'builtin' | 'older-version';

export interface RubricSaveResult {
  rubric: Rubric;
  version: number;
  /** A new row (new rubric or new version) was written. */
  created: boolean;
  outcome: 'new-rubric' | 'new-version' | 'updated' | 'unchanged';
  /** For 'new-version': the version the edit replaced, which stays exactly as it was, and why. */
  previousVersion: number | null;
  reason: RubricNewVersionReason | null;
}

export type * from './report-types';
export type * from './import-types';
export type * from './review-types';
export type * from './scoring-types';
