import { basename } from 'node:path';
import { CancelledError } from '../core/errors';

// Media work is cancelled with the one cancellation error of the services.
export { CancelledError };

/**
 * Named media errors. The UI picks its wording by class, and every message already names the
 * file (by its base name, quoted) so a log line or toast is useful on its own; the full path
 * stays on `filePath` for the UI to show where it has room.
 */
export class MediaError extends Error {
  override name = 'MediaError';
  readonly filePath: string | undefined;

  constructor(message: string, filePath?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.filePath = filePath;
  }
}

/** `"clip 1.mp4"`: the short form used in every message. */
export function quoteFile(filePath: string): string {
  return `"${basename(filePath) || filePath}"`;
}

export class EmptyFileError extends MediaError {
  override name = 'EmptyFileError';
  constructor(filePath: string) {
    super(`${quoteFile(filePath)} is empty (0 bytes); the recording was probably not copied completely.`, filePath);
  }
}

/** A folder named like a video, a device node, a FIFO: nothing ffprobe should be pointed at. */
export class NotARegularFileError extends MediaError {
  override name = 'NotARegularFileError';
  readonly kind: string;
  constructor(filePath: string, kind: string) {
    super(`${quoteFile(filePath)} is a ${kind}, not a video file.`, filePath);
    this.kind = kind;
  }
}

export class FileMissingError extends MediaError {
  override name = 'FileMissingError';
  constructor(filePath: string, options?: { cause?: unknown }) {
    super(
      `${quoteFile(filePath)} no longer exists; it may have been moved, deleted or its drive disconnected.`,
      filePath,
      options,
    );
  }
}

export class BrokenSymlinkError extends FileMissingError {
  override name = 'BrokenSymlinkError';
  constructor(filePath: string) {
    super(filePath);
    this.message = `${quoteFile(filePath)} is a shortcut (symbolic link) whose target no longer exists.`;
  }
}

export class NoVideoStreamError extends MediaError {
  override name = 'NoVideoStreamError';
  constructor(filePath: string) {
    super(`${quoteFile(filePath)} contains audio only; an OSCE recording needs a video track.`, filePath);
  }
}

export class StillImageError extends MediaError {
  override name = 'StillImageError';
  constructor(filePath: string, imageKind: string) {
    super(`${quoteFile(filePath)} is a single still image (${imageKind}), not a video recording.`, filePath);
  }
}

export class TruncatedMediaError extends MediaError {
  override name = 'TruncatedMediaError';
  constructor(filePath: string, reason: string) {
    super(
      `${quoteFile(filePath)} is incomplete (${reason}); the recording was probably interrupted or only partly copied.`,
      filePath,
    );
  }
}

export class UnreadableMediaError extends MediaError {
  override name = 'UnreadableMediaError';
  readonly reason: string;
  constructor(filePath: string, reason: string, options?: { cause?: unknown }) {
    super(`${quoteFile(filePath)} could not be read as a video: ${reason}.`, filePath, options);
    this.reason = reason;
  }
}

export class ProbeTimeoutError extends MediaError {
  override name = 'ProbeTimeoutError';
  constructor(filePath: string, timeoutMs: number) {
    super(
      `Reading ${quoteFile(filePath)} took longer than ${Math.round(timeoutMs / 1000)} s; ` +
        'the drive may be slow or disconnected.',
      filePath,
    );
  }
}

export class DiskFullError extends MediaError {
  override name = 'DiskFullError';
  constructor(filePath: string, options?: { cause?: unknown }) {
    super(`There is not enough disk space to write ${quoteFile(filePath)}.`, filePath, options);
  }
}

export class MediaProcessError extends MediaError {
  override name = 'MediaProcessError';
  readonly tool: string;
  readonly exitCode: number | null;
  readonly stderrTail: string;
  constructor(tool: string, filePath: string, exitCode: number | null, stderrTail: string, signal?: string | null) {
    const how = exitCode !== null ? `exit code ${exitCode}` : `signal ${signal ?? 'unknown'}`;
    super(`${tool} failed on ${quoteFile(filePath)} (${how})${stderrTail ? `: ${stderrTail}` : '.'}`, filePath);
    this.tool = tool;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }
}

export class MediaBinaryNotFoundError extends MediaError {
  override name = 'MediaBinaryNotFoundError';
  readonly binary: string;
  readonly lookedIn: string[];
  constructor(binary: string, lookedIn: string[]) {
    super(
      `${binary} was not found. Set its path in Settings or install FFmpeg. Looked in: ${lookedIn.join('; ') || '(nowhere)'}.`,
    );
    this.binary = binary;
    this.lookedIn = lookedIn;
  }
}

/** Node's fs errors carry a code; mapping them here keeps every caller's catch block short. */
export function mapFsError(error: unknown, filePath: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new FileMissingError(filePath, { cause: error });
    case 'EISDIR':
      return new NotARegularFileError(filePath, 'folder');
    case 'ENOSPC':
    case 'EDQUOT':
      return new DiskFullError(filePath, { cause: error });
    case 'ABORT_ERR':
      return new CancelledError(filePath);
    default:
      return (error as Error | undefined)?.name === 'AbortError' ? new CancelledError(filePath) : error;
  }
}
