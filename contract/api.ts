import { z } from 'zod';
import { call, hostCall, type CallSpec } from './define';
import type { AppInfo, DiagnosticsReport, ExamSession, RecordingListItem, SettingsValues } from './types';

/** An operation id chosen by the caller so it can cancel the call and match its progress events. */
export const OperationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'operation id must be 8-64 letters, digits, - or _');

const trimmed = (label: string, max: number) =>
  z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

export const NewSessionInput = z
  .object({
    name: trimmed('session name', 200),
    date: isoDate.optional(),
    site: z.string().trim().max(200).optional(),
    blindFirst: z.boolean().optional(),
  })
  .strict();

export const RecordingFilter = z
  .object({
    sessionId: z.number().int().positive().optional(),
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const SettingsPatch = z
  .object({
    ffmpegPath: z.string().max(4096).nullable().optional(),
    ffprobePath: z.string().max(4096).nullable().optional(),
    copyOriginals: z.boolean().optional(),
    backupFolder: z.string().max(4096).nullable().optional(),
    backupKeep: z.number().int().min(1, 'keep at least 1 backup').max(365).optional(),
  })
  .strict();

/**
 * THE contract: every call the renderer can make. Main registers exactly these with ipcMain.handle,
 * the preload exposes exactly these names, and the renderer's client is typed from this object.
 */
export const api = {
  appInfo: call<AppInfo>()(z.tuple([])),
  listSessions: call<ExamSession[]>()(z.tuple([])),
  createSession: call<ExamSession>()(z.tuple([NewSessionInput])),
  listRecordings: call<{ total: number; items: RecordingListItem[] }>()(z.tuple([RecordingFilter])),
  getSettings: call<SettingsValues>()(z.tuple([])),
  updateSettings: call<SettingsValues>()(z.tuple([SettingsPatch])),
  runDiagnostics: call<DiagnosticsReport>()(z.tuple([OperationId]), { cancellable: true }),
  cancelOperation: call<{ cancelled: boolean }>()(z.tuple([OperationId])),
  revealDataFolder: hostCall<void>()(z.tuple([])),
} as const satisfies Record<string, CallSpec>;

export type Api = typeof api;
export type CallName = keyof Api;
export type ArgsOf<K extends CallName> = z.input<Api[K]['args']>;
export type ResultOf<K extends CallName> = Api[K]['result'];

export const callNames = Object.keys(api) as CallName[];
