import { app, BrowserWindow, dialog, shell } from 'electron';
import { join } from 'node:path';
import { IPC_EVENT_CHANNEL } from '../contract/bridge';
import { BackendWorker } from '../services/backend/worker-client';
import { dataFolders, resolveDbPath } from '../services/paths';
import { registerIpc } from './ipc';
import { registerSchemes, safeJoin, serveMedia, serveRenderer } from './protocol';
import { installSecurityGuards } from './security';
import { createMainWindow, preloadPath } from './window';

// Bundled to dist/main/main.cjs; the renderer build sits in dist/renderer.
const distMain = __dirname;

registerSchemes();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function start(): Promise<void> {
  await app.whenReady();
  installSecurityGuards();

  const dbPath = resolveDbPath({ flag: argValue('--db'), userDataDir: app.getPath('userData') });
  const folders = dataFolders(dbPath);
  let win: BrowserWindow | null = null;

  const backend = new BackendWorker(
    join(distMain, 'backend-worker.cjs'),
    {
      dbPath,
      appVersion: app.getVersion(),
      packagedResourcesDir: app.isPackaged ? process.resourcesPath : undefined,
      nativeBinding: process.env.OSCE_SQLITE_BINDING,
    },
    (event, payload) => win?.webContents.send(IPC_EVENT_CHANNEL, { event, payload }),
  );

  serveRenderer(join(distMain, '..', 'renderer'));
  serveMedia((urlPath) => safeJoin(folders.libraryDir, urlPath.replace(/^\/+/, '')));
  registerIpc({
    appWebContentsId: () => win?.webContents.id ?? null,
    backend: (name, args) => backend.call(name, args),
    host: {
      revealDataFolder: async () => {
        await shell.openPath(folders.dataDir);
      },
    },
  });

  await backend.ready;
  if (backend.startupError) {
    // The window still opens and explains; this dialog makes sure it is seen even if it cannot.
    dialog.showErrorBox('The exam database could not be opened', backend.startupError.message);
  }

  win = createMainWindow(preloadPath(distMain));
  win.on('closed', () => (win = null));

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (e) => {
    if (stopping) return;
    stopping = true;
    e.preventDefault();
    void backend.stop().finally(() => app.quit());
  });
}
