/**
 * Updates, off unless the lab built the app with an update server (electron-builder `publish`,
 * generic provider, an https URL: see README › Packaging), which writes app-update.yml into the resources.
 * Most skills labs run offline, so nothing is checked by itself: "Check for updates…" in Help asks,
 * and each step (download, restart) waits for the user's yes. electron-updater is loaded only then.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../services/core/log';

/** What this module uses of electron-updater's autoUpdater. */
export interface Updater {
  autoDownload: boolean;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

/**
 * electron-updater through require, not import(): loaded as CommonJS, like the rest of the bundle,
 * and only when the user asks (it reads app-update.yml and pulls in a dozen modules).
 */
export async function loadElectronUpdater(): Promise<Updater> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose, see above
  return (require('electron-updater') as typeof import('electron-updater')).autoUpdater as unknown as Updater;
}

/**
 * The update server a build names, when it is one the app will use: https only. electron-updater
 * checks a download against the sha512 in the server's own latest*.yml (and on Linux nothing else:
 * AppImages and debs are not signature-checked), so over plain http anyone on the network path could
 * serve both the file and its hash.
 */
function httpsUpdateUrl(resourcesPath: string): string | null {
  try {
    const yml = readFileSync(join(resourcesPath, 'app-update.yml'), 'utf8');
    const url = /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(yml)?.[1];
    return url && new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export function updatesConfigured(opts: { packaged: boolean; resourcesPath: string }): boolean {
  return (
    opts.packaged &&
    existsSync(join(opts.resourcesPath, 'app-update.yml')) &&
    httpsUpdateUrl(opts.resourcesPath) !== null
  );
}

export interface UpdateDeps {
  loadUpdater(): Promise<Updater>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window(): BrowserWindow | null;
  currentVersion: string;
  log: Logger;
}

/** One check, driven by the user: returns when the user has answered (or the check failed). */
export function updateChecker(deps: UpdateDeps): () => Promise<void> {
  let running = false;
  const ask = async (options: MessageBoxOptions) => {
    const win = deps.window();
    return (win ? await deps.dialog.showMessageBox(win, options) : await deps.dialog.showMessageBox(options)).response;
  };

  return async () => {
    if (running) return;
    running = true;
    let updater: Updater | null = null;
    try {
      updater = await deps.loadUpdater();
      updater.autoDownload = false;
      const u = updater;
      const outcome = await new Promise<{ kind: 'available' | 'none'; version: string }>((resolve, reject) => {
        u.removeAllListeners();
        u.on('update-available', (info) => resolve({ kind: 'available', version: info.version }));
        u.on('update-not-available', (info) => resolve({ kind: 'none', version: info.version }));
        u.on('error', reject);
        u.checkForUpdates().catch(reject);
      });
      if (outcome.kind === 'none') {
        await ask({
          type: 'info',
          message: 'No update available',
          detail: `Version ${deps.currentVersion} is the latest.`,
        });
        return;
      }
      const download = await ask({
        type: 'question',
        buttons: ['Download', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: `Version ${outcome.version} is available`,
        detail: `You have ${deps.currentVersion}. The update is downloaded from the lab's update server.`,
      });
      if (download !== 0) return;
      const downloaded = new Promise<void>((resolve, reject) => {
        u.on('update-downloaded', () => resolve());
        u.on('error', reject);
      });
      await u.downloadUpdate();
      await downloaded;
      const restart = await ask({
        type: 'question',
        buttons: ['Restart now', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: 'The update is ready',
        detail: 'It is installed when the app restarts. Marks are saved as you go; nothing is lost.',
      });
      if (restart === 0) u.quitAndInstall();
    } catch (err) {
      deps.log.warn('update check failed', { message: (err as Error).message });
      await ask({ type: 'error', message: 'Could not check for updates', detail: (err as Error).message });
    } finally {
      updater?.removeAllListeners();
      running = false;
    }
  };
}
