/**
 * The one rule for names that people type or files bring in: examiners, candidates' codes,
 * sessions, stations. Not empty, a sane length, and no character that drives a terminal or
 * reorders text: the C0 and C1 controls (ESC, CR, …), DEL, the line and paragraph separators, and
 * the bidirectional embeddings, overrides and isolates. Such a name could rewrite a terminal line
 * when the command line prints it, read differently from what it is, and it makes every later
 * bundle of its session unimportable (the bundle check refuses it). The marks CSV, the import
 * manifest and call, adding an examiner, the contract and the bundle check all use this.
 */

const NOT_IN_A_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const NAME_LIMITS = { examiner: 120, candidate: 64, session: 200, station: 64 } as const;
export type NameKind = keyof typeof NAME_LIMITS;

export const NAME_LABELS: Record<NameKind, string> = {
  examiner: 'examiner name',
  candidate: 'candidate code',
  session: 'session name',
  station: 'station code',
};

/** True when the text holds a character no name may have. */
export const hasControlCharacters = (text: string): boolean => NOT_IN_A_NAME.test(text);

/** Why `value` (already trimmed) cannot be this kind of name, or null when it can. */
export function nameProblem(kind: NameKind, value: string): string | null {
  const label = NAME_LABELS[kind];
  if (value.trim() === '') return `${label} is empty`;
  if (value.length > NAME_LIMITS[kind]) return `${label} is longer than ${NAME_LIMITS[kind]} characters`;
  if (hasControlCharacters(value)) return `${label} contains control characters`;
  return null;
}

/** The text with every such character written as a \u escape: safe to print in a message or a terminal. */
export const printable = (text: string): string =>
  text.replace(new RegExp(NOT_IN_A_NAME.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Text for a terminal: every character that could drive it (ESC and the other controls, a lone CR
 * that rewrites the line, bidi overrides) as a \u escape; line breaks (LF, CRLF) and tabs stay.
 * For what the command line prints from the database or a file, which may predate this rule.
 */
export const terminalSafe = (text: string): string =>
  text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
