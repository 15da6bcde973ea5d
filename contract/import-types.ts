/** Shapes of recording import, file checks and media, shared by the backend, the CLI and the UI. */

/** Whether originals are copied into the library or left where they are and referenced. */
export type RecordingStorage = 'copy' | 'reference';

/** The playable H.264 copy for originals Chromium cannot decode (HEVC, MJPEG, AVI, MKV/H.264...). */
export type ProxyStatus = 'not_needed' | 'pending' | 'ready' | 'failed';

/** A referenced original that moved or changed after import; copies are checked the same way. */
export type RecordingFileStatus = 'ok' | 'missing' | 'changed';

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
