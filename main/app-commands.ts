/**
 * What each menu command does. Commands that belong to a screen go to the page as an 'app-command'
 * event (the page opens that screen); the others run here: a backup through the backend, folders in
 * the file manager, the update check.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions, OpenDialogOptions, Shell } from 'electron';
import type { Envelope } from '../contract/define';
import type { AppCommandEvent } from '../contract/events';
import type { BackupInfo } from '../contract/integrity';
import type { Logger } from '../services/core/log';
import type { AppCommand } from './menu';
import { BUNDLE_EXTENSION, type OpenedFiles } from './opened-files';

export interface AppCommandDeps {
  window(): BrowserWindow | null;
  /** Sends an 'app-command' event to the page. */
  notify(event: AppCommandEvent): void;
  backend: { call(name: string, args: unknown): Promise<Envelope<unknown>>; readonly dataDir: string };
  logsDir: string;
  openedFiles: OpenedFiles;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>;
  shell: Pick<Shell, 'openPath'>;
  checkForUpdates(): Promise<void>;
  log: Logger;
}

const BUNDLE_DIALOG: OpenDialogOptions = {
  title: 'Open an exam bundle',
  properties: ['openFile'],
  filters: [{ name: 'Exam bundle', extensions: [BUNDLE_EXTENSION] }],
};

export function appCommandHandler(deps: AppCommandDeps): (command: AppCommand) => Promise<void> {
  const message = (options: MessageBoxOptions) => {
    const win = deps.window();
    return win ? deps.dialog.showMessageBox(win, options) : deps.dialog.showMessageBox(options);
  };
  const openFolder = async (folder: string) => {
    // openPath answers with an error string instead of throwing (empty means it worked).
    const problem = await deps.shell.openPath(folder);
    if (problem)
      await message({ type: 'error', message: 'The folder could not be opened', detail: `${folder}\n${problem}` });
  };

  const handlers: Record<AppCommand, () => Promise<void>> = {
    import: async () => deps.notify({ command: 'import' }),
    'export-report': async () => deps.notify({ command: 'export-report' }),
    'keyboard-shortcuts': async () => deps.notify({ command: 'keyboard-shortcuts' }),
    'open-bundle': async () => {
      const win = deps.window();
      const choice = win
        ? await deps.dialog.showOpenDialog(win, BUNDLE_DIALOG)
        : await deps.dialog.showOpenDialog(BUNDLE_DIALOG);
      if (!choice.canceled && deps.openedFiles.add(choice.filePaths)) deps.notify({ command: 'open-bundle' });
    },
    'backup-now': async () => {
      const result = await deps.backend.call('backupNow', []);
      if (result.ok) {
        const backup = result.value as BackupInfo;
        await message({ type: 'info', message: 'Backup written', detail: backup.file });
      } else {
        await message({ type: 'error', message: 'The backup failed', detail: result.error.message });
      }
    },
    'open-data-folder': () => openFolder(deps.backend.dataDir),
    'open-logs-folder': () => openFolder(deps.logsDir),
    'check-for-updates': () => deps.checkForUpdates(),
  };

  return async (command) => {
    try {
      await handlers[command]();
    } catch (err) {
      deps.log.error('menu command failed', { command, error: (err as Error).name, message: (err as Error).message });
      await message({ type: 'error', message: 'That did not work', detail: (err as Error).message }).catch(
        () => undefined,
      );
    }
  };
}
