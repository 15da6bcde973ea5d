/**
 * Backoff for rate limits (429) and server errors (5xx). The openai client's own retries are off
 * (maxRetries 0) so that every attempt is audited, cancellable and capped here.
 */
import { CancelledError } from '../../core/errors';

export interface BackoffOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseMs: number;
  /** Cap on our own exponential delay. */
  maxDelayMs: number;
  /** Cap on a server's retry-after: a server asking for an hour gets this much, then the retries run out. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxRetries: 4,
  baseMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Rate limits and server errors may pass; any other 4xx says the request itself is wrong, so it is final. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500 && status <= 599);
}

/** Milliseconds a server asked us to wait (retry-after-ms, or retry-after in seconds or as a date), or null. */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | null {
  if (!headers) return null;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  const secs = Number(ra);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * Delay before retry number `retry` (1-based): the server's retry-after when it gave one (capped),
 * otherwise base * 2^(retry-1) with ±20 % jitter so parallel workers do not retry in lockstep.
 */
export function backoffDelayMs(
  retry: number,
  serverMs: number | null,
  o: BackoffOptions,
  random = Math.random,
): number {
  if (serverMs !== null) return Math.min(serverMs, o.maxRetryAfterMs);
  const exp = Math.min(o.baseMs * 2 ** (retry - 1), o.maxDelayMs);
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/** Waits, or rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
