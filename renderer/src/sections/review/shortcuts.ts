/**
 * Every keyboard shortcut of the review screen, in one table: the help overlay lists this table and
 * the key handler matches against it, so the two cannot drift apart.
 */
export type ShortcutId =
  | 'next'
  | 'prev'
  | 'score'
  | 'lower'
  | 'raise'
  | 'notAssessable'
  | 'comment'
  | 'spanStart'
  | 'spanEnd'
  | 'play'
  | 'frameBack'
  | 'frameForward'
  | 'jumpBack'
  | 'jumpForward'
  | 'slower'
  | 'faster'
  | 'reveal'
  | 'take'
  | 'evidence'
  | 'submit'
  | 'adjudicate'
  | 'back'
  | 'help'
  | 'close';

export interface Shortcut {
  id: ShortcutId;
  keys: string[];
  description: string;
  group: 'Checklist' | 'Video' | 'Suggestions and submission' | 'General';
  match(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): boolean;
}

const key =
  (...keys: string[]) =>
  (e: Pick<KeyboardEvent, 'key' | 'shiftKey'>) =>
    keys.includes(e.key);
const unshifted =
  (...keys: string[]) =>
  (e: Pick<KeyboardEvent, 'key' | 'shiftKey'>) =>
    !e.shiftKey && keys.includes(e.key);
const shifted = (k: string) => (e: Pick<KeyboardEvent, 'key' | 'shiftKey'>) => e.shiftKey && e.key === k;

export const SHORTCUTS: Shortcut[] = [
  { id: 'next', keys: ['j', '↓'], description: 'Next step', group: 'Checklist', match: unshifted('j', 'ArrowDown') },
  { id: 'prev', keys: ['k', '↑'], description: 'Previous step', group: 'Checklist', match: unshifted('k', 'ArrowUp') },
  {
    id: 'score',
    keys: ['0', '…', '9'],
    description: 'Give that score (when the step allows it)',
    group: 'Checklist',
    match: (e) => /^[0-9]$/.test(e.key),
  },
  {
    id: 'lower',
    keys: ['-'],
    description: 'Next lower allowed score (half points)',
    group: 'Checklist',
    match: key('-'),
  },
  {
    id: 'raise',
    keys: ['='],
    description: 'Next higher allowed score (half points)',
    group: 'Checklist',
    match: key('=', '+'),
  },
  {
    id: 'notAssessable',
    keys: ['n'],
    description: 'Not assessable from this video (asks for a reason; again to undo)',
    group: 'Checklist',
    match: key('n'),
  },
  {
    id: 'comment',
    keys: ['c'],
    description: 'Comment on the step (Enter saves, Esc leaves)',
    group: 'Checklist',
    match: key('c'),
  },
  {
    id: 'spanStart',
    keys: ['['],
    description: 'Step span starts at the current time',
    group: 'Checklist',
    match: key('['),
  },
  {
    id: 'spanEnd',
    keys: [']'],
    description: 'Step span ends at the current time (saves it)',
    group: 'Checklist',
    match: key(']'),
  },
  { id: 'play', keys: ['Space'], description: 'Play / pause', group: 'Video', match: key(' ') },
  { id: 'frameBack', keys: [','], description: 'One frame back', group: 'Video', match: key(',') },
  { id: 'frameForward', keys: ['.'], description: 'One frame forward', group: 'Video', match: key('.') },
  { id: 'jumpBack', keys: ['Shift', '←'], description: 'Back 5 seconds', group: 'Video', match: shifted('ArrowLeft') },
  {
    id: 'jumpForward',
    keys: ['Shift', '→'],
    description: 'Forward 5 seconds',
    group: 'Video',
    match: shifted('ArrowRight'),
  },
  { id: 'slower', keys: ['<'], description: 'Slower (down to 0.5×)', group: 'Video', match: key('<') },
  { id: 'faster', keys: ['>'], description: 'Faster (up to 2×)', group: 'Video', match: key('>') },
  {
    id: 'reveal',
    keys: ['r'],
    description: 'Reveal model suggestions (after every step is scored)',
    group: 'Suggestions and submission',
    match: key('r'),
  },
  {
    id: 'take',
    keys: ['t'],
    description: 'Take the model suggestion for this step',
    group: 'Suggestions and submission',
    match: key('t'),
  },
  {
    id: 'evidence',
    keys: ['e'],
    description: 'Seek to the next evidence time of this step’s suggestion',
    group: 'Suggestions and submission',
    match: key('e'),
  },
  {
    id: 'submit',
    keys: ['s'],
    description: 'Submit and lock the marking (asks to confirm)',
    group: 'Suggestions and submission',
    match: key('s'),
  },
  {
    id: 'adjudicate',
    keys: ['a'],
    description: 'Go to the next step awaiting adjudication',
    group: 'Suggestions and submission',
    match: key('a'),
  },
  { id: 'back', keys: ['b'], description: 'Back to the recordings list', group: 'General', match: key('b') },
  { id: 'help', keys: ['?'], description: 'Show or hide these shortcuts', group: 'General', match: key('?') },
  { id: 'close', keys: ['Esc'], description: 'Close a dialog or this help', group: 'General', match: key('Escape') },
];

export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): ShortcutId | null {
  return SHORTCUTS.find((s) => s.match(e))?.id ?? null;
}

/** The keys of one shortcut as the UI shows them next to a button, e.g. "r" or "Shift+←". */
export const keyHint = (id: ShortcutId): string =>
  SHORTCUTS.find((s) => s.id === id)!.keys.join(id === 'jumpBack' || id === 'jumpForward' ? '+' : ' / ');

/** Typing into a field must never mark a step. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
