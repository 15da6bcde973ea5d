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

/** Groups of the help overlay; their names and each shortcut's description are in the review catalogue. */
export type ShortcutGroup = 'checklist' | 'video' | 'suggestions' | 'general';

export interface Shortcut {
  id: ShortcutId;
  keys: string[];
  group: ShortcutGroup;
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
  { id: 'next', keys: ['j', '↓'], group: 'checklist', match: unshifted('j', 'ArrowDown') },
  { id: 'prev', keys: ['k', '↑'], group: 'checklist', match: unshifted('k', 'ArrowUp') },
  {
    id: 'score',
    keys: ['0', '…', '9'],
    group: 'checklist',
    match: (e) => /^[0-9]$/.test(e.key),
  },
  {
    id: 'lower',
    keys: ['-'],
    group: 'checklist',
    match: key('-'),
  },
  {
    id: 'raise',
    keys: ['='],
    group: 'checklist',
    match: key('=', '+'),
  },
  {
    id: 'notAssessable',
    keys: ['n'],
    group: 'checklist',
    match: key('n'),
  },
  {
    id: 'comment',
    keys: ['c'],
    group: 'checklist',
    match: key('c'),
  },
  {
    id: 'spanStart',
    keys: ['['],
    group: 'checklist',
    match: key('['),
  },
  {
    id: 'spanEnd',
    keys: [']'],
    group: 'checklist',
    match: key(']'),
  },
  { id: 'play', keys: ['Space'], group: 'video', match: key(' ') },
  { id: 'frameBack', keys: [','], group: 'video', match: key(',') },
  { id: 'frameForward', keys: ['.'], group: 'video', match: key('.') },
  { id: 'jumpBack', keys: ['Shift', '←'], group: 'video', match: shifted('ArrowLeft') },
  {
    id: 'jumpForward',
    keys: ['Shift', '→'],
    group: 'video',
    match: shifted('ArrowRight'),
  },
  { id: 'slower', keys: ['<'], group: 'video', match: key('<') },
  { id: 'faster', keys: ['>'], group: 'video', match: key('>') },
  {
    id: 'reveal',
    keys: ['r'],
    group: 'suggestions',
    match: key('r'),
  },
  {
    id: 'take',
    keys: ['t'],
    group: 'suggestions',
    match: key('t'),
  },
  {
    id: 'evidence',
    keys: ['e'],
    group: 'suggestions',
    match: key('e'),
  },
  {
    id: 'submit',
    keys: ['s'],
    group: 'suggestions',
    match: key('s'),
  },
  {
    id: 'adjudicate',
    keys: ['a'],
    group: 'suggestions',
    match: key('a'),
  },
  { id: 'back', keys: ['b'], group: 'general', match: key('b') },
  { id: 'help', keys: ['?'], group: 'general', match: key('?') },
  { id: 'close', keys: ['Esc'], group: 'general', match: key('Escape') },
];

/** Shortcuts grouped as the help shows them, in the table's order. */
export function shortcutGroups(): Map<ShortcutGroup, Shortcut[]> {
  const groups = new Map<ShortcutGroup, Shortcut[]>();
  for (const s of SHORTCUTS) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return groups;
}

export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): ShortcutId | null {
  return SHORTCUTS.find((s) => s.match(e))?.id ?? null;
}

/** The keys of one shortcut as the UI shows them next to a button, e.g. "r" or "Shift+←". */
export const keyHint = (id: ShortcutId): string =>
  SHORTCUTS.find((s) => s.id === id)!.keys.join(id === 'jumpBack' || id === 'jumpForward' ? '+' : ' / ');

/** A focused control that acts on Enter and Space itself (a button, link, checkbox or list row). */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (key !== 'Enter' && key !== ' ') return false;
  if (!(target instanceof HTMLElement)) return false;
  return Boolean(
    target.closest('button, a[href], summary, [role="button"], [role="option"], [role="checkbox"], [role="link"]'),
  );
}

/** Typing into a field (or choosing in a list box) must never mark a step. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type);
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
