/**
 * Checks for the metadata an import attaches to a recording, shared by the manifest reader, the
 * CLI flags and the backend call, so all three refuse the same values with the same words.
 * Each returns a problem sentence, or null when the value is fine.
 */

const CONTROL = /[\u0000-\u001f\u007f]/;

const MAX_CANDIDATE_CHARS = 64;
const MAX_SESSION_CHARS = 200;
const MAX_EXAMINER_CHARS = 120;

/** YYYY-MM-DD naming a real calendar day (2026-02-30 is refused). */
export function dateProblem(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return `date '${value}' is not in the form YYYY-MM-DD`;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) {
    return `date '${value}' is not a real calendar date`;
  }
  return null;
}

/** Candidate codes are pseudonyms (e.g. C-017); names are not needed and long text is a sign of one. */
export function candidateProblem(value: string): string | null {
  if (value.length > MAX_CANDIDATE_CHARS) return `candidate code is longer than ${MAX_CANDIDATE_CHARS} characters`;
  if (CONTROL.test(value)) return 'candidate code contains control characters';
  return null;
}

export function sessionProblem(value: string): string | null {
  if (value.length > MAX_SESSION_CHARS) return `session name is longer than ${MAX_SESSION_CHARS} characters`;
  if (CONTROL.test(value)) return 'session name contains control characters';
  return null;
}

export function examinerProblem(value: string): string | null {
  if (value.length > MAX_EXAMINER_CHARS) return `examiner name is longer than ${MAX_EXAMINER_CHARS} characters`;
  if (CONTROL.test(value)) return 'examiner name contains control characters';
  return null;
}

/** Today's date where the examiner is, for a session created without one. */
export function localIsoDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
