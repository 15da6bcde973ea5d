/** A user's cancel. Callers show nothing for it: the user knows they cancelled. */
export class CancelledError extends Error {
  override name = 'Cancelled';
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFound';
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}
