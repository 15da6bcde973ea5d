import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { IPC_EVENT_CHANNEL } from '../contract/bridge';
import { SwitchableBackend } from '../services/backend/switchable-backend';
import { resolveDbPath } from '../services/paths';
import { chooseImportPaths, type ImportPathsKind } from './import-host';
import { registerIpc } from './ipc';
import { registerSchemes, serveMedia, serveRenderer } from './protocol';
import { createKeyVault } from './secrets';
import { installSecurityGuards } from './security';
import { mediaResolver } from './media-resolver';
import { createMainWindow, preloadPath } from './window';
import { saveReportPdf } from './pdf';

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
  let win: BrowserWindow | null = null;
  // API keys: encrypted here with the OS keychain; the worker keeps ciphertext only (main/secrets.ts).
  const keys = createKeyVault(safeStorage, process.platform, () => backend);

  const backend = new SwitchableBackend(
    join(distMain, 'backend-worker.cjs'),
    {
      dbPath,
      appVersion: app.getVersion(),
      packagedResourcesDir: app.isPackaged ? process.resourcesPath : undefined,
      nativeBinding: process.env.OSCE_SQLITE_BINDING,
    },
    (event, payload) => win?.webContents.send(IPC_EVENT_CHANNEL, { event, payload }),
    { secretProvider: keys.secretProvider, protectSecret: keys.protectSecret },
  );

  serveRenderer(join(distMain, '..', 'renderer'));
  serveMedia(mediaResolver(() => backend.libraryDir, (name, args) => backend.call(name, args)));
  const demoPath = join(app.getPath('userData'), 'demo', 'osce-demo.sqlite');
  registerIpc({
    appWebContentsId: () => win?.webContents.id ?? null,
    backend: (name, args) => backend.call(name, args),
    host: {
      revealDataFolder: async () => {
        await shell.openPath(backend.dataDir);
      },
      openDemoData: async () => {
        await backend.switchTo(demoPath, { createDemo: true });
        return { dbPath: demoPath };
      },
      saveReportPdf: ([input]) => {
        const { html, fileName } = input as { html: string; fileName: string };
        return saveReportPdf(win, html, fileName);
      },
      openOwnDatabase: async () => {
        await backend.switchTo(dbPath);
        return { dbPath };
      },
      ...keys.hostHandlers,
      chooseImportPaths: ([input]) => chooseImportPaths(win, (input as { kind: ImportPathsKind }).kind),
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
