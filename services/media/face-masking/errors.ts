/**
 * Masking failed, so the frames are not sent: a frame that should have been masked never leaves
 * unmasked. The message says why, for the run's reason and the CLI.
 */
export class FaceMaskingError extends Error {
  override name = 'FaceMaskingError';
  constructor(reason: string) {
    super(`Faces could not be masked, so nothing was sent: ${reason}.`);
  }
}
