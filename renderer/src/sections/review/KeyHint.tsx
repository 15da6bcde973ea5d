import { keyHint, type ShortcutId } from './shortcuts';

/** The key of a shortcut shown beside its button, from the one shortcut table. */
export function KeyHint({ id }: { id: ShortcutId }) {
  return <kbd>{keyHint(id)}</kbd>;
}
