import { MediaError, quoteFile } from '../media/errors';

/**
 * Errors that stop a whole import before any file is touched (the CLI's exit code 2). Per-file
 * problems are never thrown out of importRecordings: they become entries in `failed`.
 */
export class ImportUsageError extends Error {
  override name = 'ImportUsageError';
  /** Field- or line-level problems, shown one per line by the UI and the CLI. */
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.issues = issues;
  }
}

export class UnknownStationError extends ImportUsageError {
  override name = 'UnknownStation';
  constructor(
    readonly station: string,
    known: string[],
    where?: string,
  ) {
    super(
      `${where ? `${where}: ` : ''}there is no station rubric '${station}'` +
        (known.length ? ` (known rubrics: ${known.join(', ')})` : ' (no rubrics are stored yet)'),
    );
  }
}

export class MissingStationError extends ImportUsageError {
  override name = 'MissingStation';
  constructor() {
    super(
      'Choose the station (rubric) the recordings belong to, e.g. --station cpr, or give a station column in the manifest.',
    );
  }
}

/** The manifest CSV could not be read, or has problems; each issue names its line. */
export class ManifestError extends ImportUsageError {
  override name = 'ManifestError';
  constructor(
    readonly manifestPath: string,
    problems: { line?: number; message: string }[],
  ) {
    const label = quoteFile(manifestPath);
    super(
      problems.length === 1
        ? `Manifest ${label}${problems[0]!.line ? `, line ${problems[0]!.line}` : ''}: ${problems[0]!.message}`
        : `Manifest ${label} has ${problems.length} problems: ` +
            problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.message}`).join('; '),
      problems.map((p) => ({ path: p.line ? `line ${p.line}` : '', message: p.message })),
    );
  }
}

/** The bytes under a path changed while they were being read: the copy or hash would not match the file. */
export class FileChangedDuringImportError extends MediaError {
  override name = 'FileChangedDuringImportError';
  constructor(filePath: string) {
    super(
      `${quoteFile(filePath)} changed while it was being imported (it may still be recording or copying); ` +
        'import it again once it is complete.',
      filePath,
    );
  }
}

/** A recording row pointing at nothing we can serve (wrong id, file gone). */
export class RecordingFileMissingError extends MediaError {
  override name = 'RecordingFileMissingError';
  constructor(recordingId: number, filePath: string) {
    super(
      `The video of recording ${recordingId} (${quoteFile(filePath)}) is not where it was imported from; ` +
        'reconnect the drive or move the file back, then check the recordings again.',
      filePath,
    );
  }
}
