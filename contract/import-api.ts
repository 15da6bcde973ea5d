/** The recording import calls of the contract (spread into `api` in contract/api.ts). */
import { z } from 'zod';
import { OperationId } from './api';
import { call, hostCall } from './define';
import type { ImportResult, RecordingFileCheck, RecordingMediaFile } from './import-types';

// api.ts imports this module: reading its OperationId lazily (when arguments are parsed) avoids
// touching it before api.ts has finished loading, and keeps one definition of an operation id.
const operationId = z.lazy(() => OperationId);

/** Paths come from the native dialog or a drop, so they are absolute; anything else is refused. */
const AbsolutePath = z
  .string()
  .min(1, 'path must not be empty')
  .max(4096, 'path must be at most 4096 characters')
  .refine((p) => !p.includes('\0'), 'path must not contain NUL')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'path must be absolute');

const text = (label: string, max: number) =>
  z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);

export const ImportInput = z
  .object({
    paths: z.array(AbsolutePath).max(10_000, 'at most 10000 files or folders at once'),
    /** Rubric id of the station. */
    station: text('station', 64).optional(),
    session: text('session name', 200).optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').optional(),
    site: z.string().trim().max(200, 'site must be at most 200 characters').optional(),
    candidate: text('candidate code', 64).optional(),
    examiners: z.array(text('examiner name', 120)).max(20, 'at most 20 examiners').optional(),
    manifest: AbsolutePath.optional(),
    storage: z.enum(['copy', 'reference']).optional(),
  })
  .strict();

export const FileCheckInput = z
  .object({
    ids: z.array(z.number().int().positive()).max(100_000).optional(),
    /** Also compare each file's SHA-256 (reads every byte). */
    hash: z.boolean().optional(),
  })
  .strict();

export const RecordingMediaRef = z
  .object({
    recordingId: z.number().int().positive(),
    kind: z.enum(['original', 'proxy', 'poster']),
  })
  .strict();

export const ChooseImportPathsInput = z
  .object({
    /** Recording files, a folder of recordings, or a manifest CSV. */
    kind: z.enum(['files', 'folder', 'manifest']),
  })
  .strict();

export const importCalls = {
  /** Long: progress events carry the current file, count and time left; cancelling keeps what finished. */
  importRecordings: call<ImportResult>()(z.tuple([operationId, ImportInput]), { cancellable: true }),
  /** Marks recordings whose file moved ('missing') or changed; with hash, compares the bytes too. */
  checkRecordingFiles: call<RecordingFileCheck[]>()(z.tuple([operationId, FileCheckInput]), { cancellable: true }),
  /** The file behind a recording's media URL; only files of known recordings are ever served. */
  recordingMediaFile: call<RecordingMediaFile>()(z.tuple([RecordingMediaRef])),
  /** The native open dialog; resolves with the chosen absolute paths ([] when cancelled). */
  chooseImportPaths: hostCall<string[]>()(z.tuple([ChooseImportPathsInput])),
};
