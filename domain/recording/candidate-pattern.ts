/**
 * A candidate code read from a recording's file name with a pattern the examiner types at import,
 * e.g. `{candidate}_*` reads `C-101` from `C-101_cpr.mp4`. The same function drives the import
 * form's live preview, the backend import and `osce import --candidate-pattern`, so what the preview
 * shows is what is stored.
 *
 * The pattern is plain text with two wildcards, not a regular expression: `{candidate}` (exactly
 * once) is the code, `*` is any text. Examiners need not know regular expressions, and a pattern
 * cannot be made to backtrack for minutes on a long file name.
 */
import { nameProblem } from '../names';

export const CANDIDATE_PLACEHOLDER = '{candidate}';
export const CANDIDATE_PATTERN_MAX = 120;
const MAX_STARS = 4;

export type PatternProblem = 'empty' | 'tooLong' | 'noPlaceholder' | 'twoPlaceholders' | 'tooManyStars';

/** Why the pattern cannot be used, or null when it can. */
export function candidatePatternProblem(pattern: string): PatternProblem | null {
  if (pattern.trim() === '') return 'empty';
  if (pattern.length > CANDIDATE_PATTERN_MAX) return 'tooLong';
  const count = pattern.split(CANDIDATE_PLACEHOLDER).length - 1;
  if (count === 0) return 'noPlaceholder';
  if (count > 1) return 'twoPlaceholders';
  if (pattern.split('*').length - 1 > MAX_STARS) return 'tooManyStars';
  return null;
}

/** English sentences for the backend and the command line (the page words them from its catalogue). */
export const PATTERN_PROBLEM_TEXT: Record<PatternProblem, string> = {
  empty: 'the candidate pattern is empty',
  tooLong: `the candidate pattern is longer than ${CANDIDATE_PATTERN_MAX} characters`,
  noPlaceholder: `the candidate pattern must contain ${CANDIDATE_PLACEHOLDER} once`,
  twoPlaceholders: `the candidate pattern must contain ${CANDIDATE_PLACEHOLDER} only once`,
  tooManyStars: `the candidate pattern may contain at most ${MAX_STARS} * wildcards`,
};

type Piece = { text: string } | { wildcard: 'star' | 'candidate' };

function pieces(pattern: string): Piece[] {
  const out: Piece[] = [];
  pattern.split(CANDIDATE_PLACEHOLDER).forEach((part, i) => {
    if (i > 0) out.push({ wildcard: 'candidate' });
    part.split('*').forEach((text, j) => {
      if (j > 0) out.push({ wildcard: 'star' });
      if (text) out.push({ text });
    });
  });
  return out;
}

/**
 * The text `{candidate}` stands for in `name`, or null. Each wildcard takes the shortest text that
 * lets the rest match (a literal is found at its leftmost place), in one pass: no backtracking.
 */
function capture(pattern: string, name: string): string | null {
  const list = pieces(pattern);
  let pos = 0;
  let start = -1;
  let found: string | null = null;
  let pending: 'star' | 'candidate' | null = null;
  for (let i = 0; i < list.length; i++) {
    const piece = list[i]!;
    if ('wildcard' in piece) {
      if (piece.wildcard === 'candidate') start = pos;
      pending = pending === 'candidate' ? 'candidate' : piece.wildcard;
      continue;
    }
    const last = i === list.length - 1;
    // The candidate takes at least one character.
    const from = pending === 'candidate' ? pos + 1 : pos;
    let at: number;
    if (pending === null) at = name.startsWith(piece.text, pos) ? pos : -1;
    else if (last)
      at = name.endsWith(piece.text) && name.length - piece.text.length >= from ? name.length - piece.text.length : -1;
    else at = name.indexOf(piece.text, from);
    if (at < 0) return null;
    if (pending === 'candidate') found = name.slice(start, at);
    pending = null;
    pos = at + piece.text.length;
  }
  if (pending === null) return pos === name.length ? found : null;
  if (pending === 'candidate') return pos < name.length ? name.slice(start) : null;
  return found;
}

/** The file name without folders. */
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export type PatternMatch =
  | { kind: 'code'; code: string }
  | { kind: 'noMatch' }
  /** The text found is not a usable candidate code (too long, control characters); `problem` says why. */
  | { kind: 'invalid'; found: string; problem: string };

/**
 * What the pattern reads from a file path. The name is tried without its extension first (so
 * `{candidate}_*` does not swallow `.mp4`), then whole (for a pattern that names the extension).
 */
export function candidateFromFileName(pattern: string, path: string): PatternMatch {
  if (candidatePatternProblem(pattern)) return { kind: 'noMatch' };
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const found = (capture(pattern, stem) ?? capture(pattern, name))?.trim();
  if (!found) return { kind: 'noMatch' };
  const problem = nameProblem('candidate', found);
  return problem ? { kind: 'invalid', found, problem } : { kind: 'code', code: found };
}
