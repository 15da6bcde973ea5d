import { useEffect } from 'react';
import type { DataChangedEvent } from '../../../contract/events';
import { onEvent } from './client';

/** Calls `reload` whenever the backend reports a change to one of `what` (the database is the truth). */
export function useDataChanged(what: readonly DataChangedEvent['what'][], reload: () => unknown): void {
  const key = what.join(',');
  useEffect(
    () =>
      window.osce
        ? onEvent('data-changed', (e) => {
            if (what.includes(e.what)) void reload();
          })
        : undefined,
    // `what` is compared by its contents (key), so callers may pass a fresh array literal.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key stands for what
    [key, reload],
  );
}
