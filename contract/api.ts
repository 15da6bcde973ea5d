import { z } from 'zod';
import { call, hostCall, type CallSpec } from './define';
import type { AppInfo, DiagnosticsReport, ExamSession, RecordingListItem, SettingsValues, BackupInfo, BackupsOverview } from './types';
import type { RubricListItem, RubricSaveResult, StoredRubric } from './types';
import { reportCalls } from './report-api';
import { reviewCalls } from './review-api';
import { importCalls } from './import-api';
import { integrityCalls } from './integrity-api';
import { scoringCalls } from './scoring-api';

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
    allowPlainTextKeyStorage: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

/** A rubric file is a few kilobytes; anything near this size is not one. */
export const MAX_RUBRIC_FILE_CHARS = 1_000_000;

export const RubricRef = z
  .object({
    id: z.string().trim().min(1, 'rubric id must not be empty').max(64, 'rubric id must be at most 64 characters'),
    version: z.number().int().positive().optional(),
  })
  .strict();

/** The rubric itself stays `unknown` here: validateRubric in the backend checks it field by field
 *  and reports JSON paths the editor can show next to each field. */
export const RubricSaveInput = z
  .object({
    rubric: z.unknown().refine((v) => v !== undefined && serialisedLength(v) <= MAX_RUBRIC_FILE_CHARS, {
      message: `rubric must be given and be at most ${MAX_RUBRIC_FILE_CHARS} characters as JSON`,
    }),
    /** Creating a rubric (e.g. duplicating a built-in): refuse an id that is already taken. */
    asNew: z.boolean().optional(),
  })
  .strict();

export const RubricFileInput = z
  .object({
    fileName: trimmed('file name', 255),
    content: z.string().max(MAX_RUBRIC_FILE_CHARS, 'the file is larger than 1 MB; a rubric file is a few kilobytes'),
  })
  .strict();

function serialisedLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic: structured clone allows it, JSON does not
  }
}

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
  listBackups: call<BackupsOverview>()(z.tuple([])),
  /** An online backup now, into the backups folder (the oldest beyond the kept number are removed). */
  backupNow: call<BackupInfo>()(z.tuple([])),
  cancelOperation: call<{ cancelled: boolean }>()(z.tuple([OperationId])),
  listRubrics: call<RubricListItem[]>()(z.tuple([])),
  getRubric: call<StoredRubric>()(z.tuple([RubricRef])),
  saveRubric: call<RubricSaveResult>()(z.tuple([RubricSaveInput])),
  importRubricFile: call<RubricSaveResult>()(z.tuple([RubricFileInput])),
  ...reportCalls,
  ...reviewCalls,
  ...importCalls,
  ...scoringCalls,
  ...integrityCalls,
  revealDataFolder: hostCall<void>()(z.tuple([])),
  /** Switch to the separate demo database (created on first use); the renderer reloads after. */
  openDemoData: hostCall<{ dbPath: string }>()(z.tuple([])),
  /** Prints a report or feedback HTML (from exportReport/exportFeedback) to PDF and saves it where the user chooses. */
  saveReportPdf: hostCall<{ file: string } | null>()(
    z.tuple([
      z
        .object({
          html: z.string().min(1).max(40 * 1024 * 1024, 'the report is too large to print'),
          fileName: z.string().trim().min(1).max(200).regex(/^[^\\/:*?"<>|]+\.pdf$/, 'file name must end in .pdf and contain no path'),
        })
        .strict(),
    ]),
  ),
  /** Switch back from the demo to the lab's own database. */
  openOwnDatabase: hostCall<{ dbPath: string }>()(z.tuple([])),
  /** Exam bundles the OS asked the app to open (double-click, Open exam bundle…), each handed over once. */
  takeOpenedFiles: hostCall<string[]>()(z.tuple([])),
} as const satisfies Record<string, CallSpec>;

export type Api = typeof api;
export type CallName = keyof Api;
export type ArgsOf<K extends CallName> = z.input<Api[K]['args']>;
export type ResultOf<K extends CallName> = Api[K]['result'];

export const callNames = Object.keys(api) as CallName[];
