/** The app's own facts, settings, the system check, and the desktop shell's calls (demo database, data folder, opened files). */
import { z } from 'zod';
import { call, hostCall } from './define';
import { OperationId } from './primitives';
import type { LanguageSetting } from '../domain/i18n/locales';

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
  integrityCheck: IntegrityCheckState;
}

/**
 * The full integrity check of the database: run before use after an unclean shutdown, otherwise in
 * the background once the app is usable. 'not-run' in hosts that do not run it (the CLI's commands).
 */
export interface IntegrityCheckState {
  state: 'not-run' | 'running' | 'ok' | 'damaged';
  /** SQLite's findings when damaged, or why the check could not run. */
  detail: string | null;
  /** The newest backup, named when the database is damaged. */
  latestBackup: string | null;
}

/** ffmpeg and ffprobe paths: this user's own settings, never the exam database's. */
export interface ToolPathValues {
  ffmpegPath: string | null;
  ffprobePath: string | null;
}

export interface SettingsValues extends ToolPathValues {
  /**
   * Paths an earlier version kept in the exam database, moved out of it and not used: the user
   * confirms one by saving it as a path above (it is checked first).
   */
  toolPathsPending: ToolPathValues;
  copyOriginals: boolean;
  /** Where automatic backups go; null = the backups folder beside the database. */
  backupFolder: string | null;
  /** How many automatic backups to keep. */
  backupKeep: number;
  /** Linux without a keychain: the user knowingly accepted API keys stored as good as plain text. */
  allowPlainTextKeyStorage: boolean;
  /** Light or dark colours; 'system' follows the operating system. */
  theme: ThemeSetting;
  /** The language of the app, its reports and feedback; 'system' follows the operating system. */
  language: LanguageSetting;
}

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface DiagnosticsCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DiagnosticsReport {
  ok: boolean;
  checks: DiagnosticsCheck[];
}

export const SettingsPatch = z
  .object({
    ffmpegPath: z.string().max(4096).nullable().optional(),
    ffprobePath: z.string().max(4096).nullable().optional(),
    copyOriginals: z.boolean().optional(),
    backupFolder: z.string().max(4096).nullable().optional(),
    backupKeep: z.number().int().min(1, 'keep at least 1 backup').max(365).optional(),
    allowPlainTextKeyStorage: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    language: z.enum(['system', 'en', 'zh-CN']).optional(),
  })
  .strict();

export const systemCalls = {
  appInfo: call<AppInfo>()(z.tuple([])),
  getSettings: call<SettingsValues>()(z.tuple([])),
  updateSettings: call<SettingsValues>()(z.tuple([SettingsPatch])),
  runDiagnostics: call<DiagnosticsReport>()(z.tuple([OperationId]), { cancellable: true }),
  cancelOperation: call<{ cancelled: boolean }>()(z.tuple([OperationId])),
  revealDataFolder: hostCall<void>()(z.tuple([])),
  /** Switch to the separate demo database (created on first use); the renderer reloads after. */
  openDemoData: hostCall<{ dbPath: string }>()(z.tuple([])),
  /** Switch back from the demo to the lab's own database. */
  openOwnDatabase: hostCall<{ dbPath: string }>()(z.tuple([])),
  /** Exam bundles the OS asked the app to open (double-click, Open exam bundle…), each handed over once. */
  takeOpenedFiles: hostCall<string[]>()(z.tuple([])),
} as const;
