import { basename } from 'node:path';

/**
 * A user's (or the app's) cancel, whatever was running: an import, a media process, a scoring
 * batch, a system check. Its name is 'Cancelled', which the renderer recognises and shows nothing
 * for: the user knows they cancelled.
 */
export class CancelledError extends Error {
  override name = 'Cancelled';
  constructor(
    /** The file being worked on, when there was one. */
    readonly filePath?: string,
  ) {
    super(filePath ? `Work on "${basename(filePath) || filePath}" was cancelled.` : 'Cancelled.');
  }
}

export class NotFoundError extends Error {
  override name = 'NotFound';
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

/** The OS keychain cannot be reached by this process (the CLI, a host without one, a keychain that refused). */
export class KeyStoreUnavailableError extends Error {
  override name = 'KeyStoreUnavailable';
}
