/** Exam sessions, the recordings list, recording import, file checks and the media files behind a recording. */
import { z } from 'zod';
import { call, hostCall } from './define';
import { absolutePath, isoDate, nameField, OperationId } from './primitives';

import { CANDIDATE_PATTERN_MAX } from '../domain/recording/candidate-pattern';
import type { ProxyStatus, RecordingFileStatus, RecordingStorage } from '../domain/recording/states';

export type { ProxyStatus, RecordingFileStatus, RecordingStorage };

export interface ImportedRecording {
  id: number;
  /** The file as given (absolute). */
  path: string;
  sha256: string;
  durationS: number;
  width: number;
  height: number;
  fps: number;
  videoCodec: string;
  hasAudio: boolean;
  storage: RecordingStorage;
  proxyStatus: ProxyStatus;
}

export interface ImportDuplicate {
  path: string;
  /** The recording that already holds exactly these bytes. */
  existingId: number;
}

export interface ImportFailure {
  path: string;
  /** A sentence naming the file and what is wrong with it. */
  error: string;
  /** The error class, e.g. TruncatedMediaError, for the UI to pick an icon or hint. */
  errorName: string;
}

export interface ImportResult {
  imported: ImportedRecording[];
  duplicates: ImportDuplicate[];
  failed: ImportFailure[];
  /** Files in the chosen folders that are not named like videos (left alone). */
  skipped: string[];
  /** The user cancelled: files finished before the cancel stay imported, the rest were not started. */
  cancelled: boolean;
  notStarted: string[];
}

export interface RecordingFileCheck {
  id: number;
  status: RecordingFileStatus;
  /** Where the file was expected. */
  path: string;
  /** What differs, for 'missing' or 'changed'. */
  detail: string | null;
}

export type RecordingMediaKind = 'original' | 'proxy' | 'poster';

export interface RecordingMediaFile {
  path: string;
  contentType: string;
}

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

export const NewSessionInput = z
  .object({
    name: nameField('session'),
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

/** Paths come from the native dialog or a drop, so they are absolute; anything else is refused. */
const AbsolutePath = absolutePath();

export const ImportInput = z
  .object({
    paths: z.array(AbsolutePath).max(10_000, 'at most 10000 files or folders at once'),
    /** Rubric id of the station. */
    station: nameField('station').optional(),
    session: nameField('session').optional(),
    date: isoDate.optional(),
    site: z.string().trim().max(200, 'site must be at most 200 characters').optional(),
    candidate: nameField('candidate').optional(),
    /** Reads each file's candidate code from its name, e.g. `{candidate}_*` (domain/recording/candidate-pattern.ts). */
    candidatePattern: z
      .string()
      .max(CANDIDATE_PATTERN_MAX, `candidate pattern must be at most ${CANDIDATE_PATTERN_MAX} characters`)
      .optional(),
    /** Candidate codes set per file; a manifest row still wins. */
    candidates: z
      .array(z.object({ path: AbsolutePath, candidate: nameField('candidate') }).strict())
      .max(10_000, 'at most 10000 candidate codes at once')
      .optional(),
    examiners: z.array(nameField('examiner')).max(20, 'at most 20 examiners').optional(),
    manifest: AbsolutePath.optional(),
    storage: z.enum(['copy', 'reference']).optional(),
  })
  .strict();

export const ImportFilesInput = z
  .object({ paths: z.array(AbsolutePath).max(10_000, 'at most 10000 files or folders at once') })
  .strict();

/** The files an import of these paths would take (folders scanned), for previewing their candidate codes. */
export interface ImportFiles {
  files: string[];
}

/** One candidate code (or none: null) for one or more recordings, changed after import. */
export const CandidateChangeInput = z
  .object({
    recordingIds: z.array(z.number().int().positive()).min(1, 'choose at least one recording').max(10_000),
    candidate: nameField('candidate').nullable(),
  })
  .strict();

export interface CandidateChangeResult {
  /** Recordings whose candidate changed (each with an audit event). */
  changed: number;
  /** Recordings that already had this candidate. */
  unchanged: number;
}

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
    /** Recording files, a folder of recordings, a manifest CSV; or a backup or an exam bundle to open. */
    kind: z.enum(['files', 'folder', 'manifest', 'backup', 'bundle']),
  })
  .strict();

export const recordingCalls = {
  listSessions: call<ExamSession[]>()(z.tuple([])),
  createSession: call<ExamSession>()(z.tuple([NewSessionInput])),
  listRecordings: call<{ total: number; items: RecordingListItem[] }>()(z.tuple([RecordingFilter])),
  /** Long: progress events carry the current file, count and time left; cancelling keeps what finished. */
  importRecordings: call<ImportResult>()(z.tuple([OperationId, ImportInput]), { cancellable: true }),
  /** Scans the chosen files and folders as an import would, without importing. */
  listImportFiles: call<ImportFiles>()(z.tuple([ImportFilesInput])),
  /** Sets the candidate of one or many recordings; audited per recording with the old and new code. */
  setRecordingCandidate: call<CandidateChangeResult>()(z.tuple([CandidateChangeInput])),
  /** Marks recordings whose file moved ('missing') or changed; with hash, compares the bytes too. */
  checkRecordingFiles: call<RecordingFileCheck[]>()(z.tuple([OperationId, FileCheckInput]), { cancellable: true }),
  /** The file behind a recording's media URL; only files of known recordings are ever served. */
  recordingMediaFile: call<RecordingMediaFile>()(z.tuple([RecordingMediaRef])),
  /** The native open dialog; resolves with the chosen absolute paths ([] when cancelled). */
  chooseImportPaths: hostCall<string[]>()(z.tuple([ChooseImportPathsInput])),
} as const;
