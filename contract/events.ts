import type { IntegrityCheckState } from './system';

/** Events the backend pushes to the renderer. Progress is keyed by the caller's operation id. */
export interface ProgressEvent {
  operationId: string;
  /** What is running, e.g. 'diagnostics', 'import'. */
  kind: string;
  done: number;
  total: number;
  /** The item being worked on, e.g. a file name. */
  current?: string;
  /** Seconds left, when it can be estimated. */
  etaS?: number;
  message?: string;
  /** The item whose state just changed, e.g. one recording of a scoring batch. */
  item?: ProgressItem;
}

export interface ProgressItem {
  id: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** Why it failed or was cancelled; a note for a done one (e.g. reused). */
  reason?: string | null;
}

export interface DataChangedEvent {
  /** Which list to reload. */
  what: 'sessions' | 'recordings' | 'settings' | 'rubrics' | 'runs' | 'marks';
}

/**
 * A desktop command for the page (application menu, file association): open the import, the
 * report export or the shortcut list; 'open-bundle' means exam bundles wait in takeOpenedFiles.
 */
export interface AppCommandEvent {
  command: 'import' | 'open-bundle' | 'export-report' | 'keyboard-shortcuts';
}

export interface EventMap {
  progress: ProgressEvent;
  /** The background integrity check finished (appInfo has its result). */
  'integrity-check': IntegrityCheckState;
  'data-changed': DataChangedEvent;
  'app-command': AppCommandEvent;
}
export type EventName = keyof EventMap;
