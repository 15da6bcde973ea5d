import type { RestoreResult } from '../../../../contract/integrity';
import { useApp } from '../../store/app-store';

/**
 * After a restore every screen's data is stale (other ids, other settings), so the page reloads as
 * it does after switching to the demo. What the restore did is kept for the reloaded page, which
 * opens Settings again to say it.
 */
const KEY = 'osce.restoreOutcome';

export function reloadAfterRestore(result: RestoreResult): void {
  sessionStorage.setItem(KEY, JSON.stringify(result));
  window.location.reload();
}

/** The outcome of the restore that caused this page load, once. */
export function takeRestoreOutcome(): RestoreResult | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  sessionStorage.removeItem(KEY);
  try {
    return JSON.parse(raw) as RestoreResult;
  } catch {
    return null;
  }
}

// Runs when the page loads: the reloaded page goes back to Settings, where the outcome is shown.
if (typeof sessionStorage !== 'undefined' && sessionStorage.getItem(KEY)) useApp.setState({ section: 'settings' });
