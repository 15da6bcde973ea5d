/**
 * Checks for the metadata an import attaches to a recording, shared by the manifest reader, the
 * CLI flags and the backend call, so all three refuse the same values with the same words.
 * Each returns a problem sentence, or null when the value is fine; names follow domain/names.ts.
 */
import { nameProblem } from '../../domain/names';

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
export const candidateProblem = (value: string): string | null => nameProblem('candidate', value);
export const sessionProblem = (value: string): string | null => nameProblem('session', value);
export const examinerProblem = (value: string): string | null => nameProblem('examiner', value);

/** Today's date where the examiner is, for a session created without one. */
export function localIsoDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
