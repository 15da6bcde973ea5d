import { useEffect } from 'react';
import { create } from 'zustand';
import type { AppCommandEvent } from '../../../contract/events';
import { callApi, onEvent } from '../api/client';
import { useApp } from './app-store';

interface AppCommandsState {
  /** File › Import recordings… was chosen; the import panel opens its file chooser and clears it. */
  importPending: boolean;
  /** File › Export report… was chosen; the export bar takes the focus and clears it. */
  exportPending: boolean;
  shortcutsOpen: boolean;
  /** Exam bundles the OS or File › Open exam bundle… handed to the app, not yet dismissed. */
  bundles: string[];
  setShortcutsOpen(open: boolean): void;
  dismissBundle(path: string): void;
}

export const useAppCommands = create<AppCommandsState>((set) => ({
  importPending: false,
  exportPending: false,
  shortcutsOpen: false,
  bundles: [],
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  dismissBundle: (path) => set((s) => ({ bundles: s.bundles.filter((b) => b !== path) })),
}));

async function takeBundles(): Promise<void> {
  const paths = await callApi('takeOpenedFiles');
  if (paths.length)
    useAppCommands.setState((s) => ({ bundles: [...s.bundles, ...paths.filter((p) => !s.bundles.includes(p))] }));
}

function run(e: AppCommandEvent): void {
  const go = useApp.getState().go;
  if (e.command === 'import') {
    go('recordings');
    useAppCommands.setState({ importPending: true });
  } else if (e.command === 'export-report') {
    go('reports');
    useAppCommands.setState({ exportPending: true });
  } else if (e.command === 'keyboard-shortcuts') {
    useAppCommands.setState({ shortcutsOpen: true });
  } else if (e.command === 'open-bundle') {
    void takeBundles().catch(() => undefined);
  }
}

/**
 * Follows the desktop commands (application menu, bundles opened from the file manager). Bundles
 * that arrived before the page was listening wait in main and are taken once at start.
 */
export function useAppCommandEvents(): void {
  useEffect(() => {
    if (!window.osce) return undefined;
    const stop = onEvent('app-command', run);
    void takeBundles().catch(() => undefined);
    return stop;
  }, []);
}
