import {
  app,
  type BrowserWindow,
  crashReporter,
  dialog,
  Menu,
  nativeTheme,
  safeStorage,
  screen,
  shell,
} from 'electron';
import { join } from 'node:path';
import { IPC_EVENT_CHANNEL } from '../contract/bridge';
import type { EventMap, EventName } from '../contract/events';
import type { SettingsValues } from '../contract/system';
import { SwitchableBackend } from '../services/backend/switchable-backend';
import { fileLogger } from '../services/core/log';
import { resolveDbPath } from '../services/core/paths';
import { appCommandHandler } from './app-commands';
import { chooseBundleSavePath, chooseImportPaths, type ImportPathsKind } from './import-host';
import { registerIpc } from './ipc';
import { mediaResolver } from './media-resolver';
import { menuTemplate } from './menu';
import { bundlePathsFromArgs, OpenedFiles } from './opened-files';
import { saveReportPdf } from './pdf';
import { registerSchemes, serveMedia, serveRenderer } from './protocol';
import { createKeyVault } from './secrets';
import { installSecurityGuards } from './security';
import { applyTheme, windowBackground } from './theme';
import { resolveLocale, type Locale } from '../domain/i18n/locales';
import { systemLanguages } from './locale';
import { loadElectronUpdater, updateChecker, updatesConfigured } from './updates';
import { createMainWindow, preloadPath } from './window';
import { currentWindowState, placeWindow, readWindowState, writeWindowState } from './window-state';

// Bundled to dist/main/main.cjs; the renderer build sits in dist/renderer.
const distMain = __dirname;

// Crash dumps stay on this machine (app.getPath('crashDumps')); nothing is ever uploaded.
crashReporter.start({ uploadToServer: false });
registerSchemes();
app.enableSandbox();

let win: BrowserWindow | null = null;
const openedFiles = new OpenedFiles();
const send = <E extends EventName>(event: E, payload: EventMap[E]) =>
  win?.webContents.send(IPC_EVENT_CHANNEL, { event, payload });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // macOS hands over files opened from Finder this way, possibly before 'ready'.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    if (openedFiles.add([path])) send('app-command', { command: 'open-bundle' });
  });
  // Windows and Linux pass a double-clicked bundle as an argument, to this first instance or, when
  // the app is already running, to the instance that holds the lock (listening from the start, so a
  // second launch during start-up is not lost).
  openedFiles.add(bundlePathsFromArgs(process.argv.slice(1), process.cwd()));
  app.on('second-instance', (_e, argv, workingDirectory) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    if (openedFiles.add(bundlePathsFromArgs(argv.slice(1), workingDirectory)))
      send('app-command', { command: 'open-bundle' });
  });
  void start();
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function start(): Promise<void> {
  await app.whenReady();
  installSecurityGuards();
  app.setAppLogsPath();
  const logsDir = app.getPath('logs');
  const log = fileLogger(join(logsDir, 'main.log'));
  log.info('app started', { version: app.getVersion(), packaged: app.isPackaged, platform: process.platform });
  app.on('render-process-gone', (_e, _wc, details) =>
    log.error('page process gone', { reason: details.reason, exitCode: details.exitCode }),
  );
  app.on('child-process-gone', (_e, details) =>
    log.error('child process gone', { type: details.type, reason: details.reason }),
  );

  const dbPath = resolveDbPath({ flag: argValue('--db'), userDataDir: app.getPath('userData') });
  // API keys: encrypted here with the OS keychain; the worker keeps ciphertext only (main/secrets.ts).
  const keys = createKeyVault(safeStorage, process.platform, () => backend);

  const backend = new SwitchableBackend(
    join(distMain, 'backend-worker.cjs'),
    {
      dbPath,
      appVersion: app.getVersion(),
      packagedResourcesDir: app.isPackaged ? process.resourcesPath : undefined,
      nativeBinding: process.env.OSCE_SQLITE_BINDING,
      logFile: join(logsDir, 'worker.log'),
      userDir: app.getPath('userData'),
    },
    (event, payload) => win?.webContents.send(IPC_EVENT_CHANNEL, { event, payload }),
    { secretProvider: keys.secretProvider, protectSecret: keys.protectSecret },
  );

  // The menu and the file dialogs speak the app's language: the setting, or the system's for
  // 'system'. The menu is built once its commands exist (below), and again when the language changes.
  let appLocale = resolveLocale('system', systemLanguages(app));
  let setMenu: ((locale: Locale) => void) | null = null;
  const useSettings = (settings: Partial<SettingsValues>) => {
    applyTheme(nativeTheme, settings.theme);
    win?.setBackgroundColor(windowBackground(nativeTheme));
    const locale = resolveLocale(settings.language, systemLanguages(app));
    if (locale !== appLocale) {
      appLocale = locale;
      setMenu?.(locale);
    }
  };
  nativeTheme.on('updated', () => win?.setBackgroundColor(windowBackground(nativeTheme)));

  serveRenderer(join(distMain, '..', 'renderer'));
  serveMedia(
    mediaResolver(
      () => backend.libraryDir,
      (name, args) => backend.call(name, args),
    ),
  );
  const demoPath = join(app.getPath('userData'), 'demo', 'osce-demo.sqlite');
  registerIpc({
    appWebContentsId: () => win?.webContents.id ?? null,
    backend: (name, args) => backend.call(name, args),
    observe: (name, envelope) => {
      if ((name === 'getSettings' || name === 'updateSettings') && envelope.ok)
        useSettings(envelope.value as SettingsValues);
    },
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
      chooseImportPaths: ([input]) => chooseImportPaths(win, (input as { kind: ImportPathsKind }).kind, appLocale),
      takeOpenedFiles: () => openedFiles.take(),
      chooseBundleSavePath: ([input]) =>
        chooseBundleSavePath(win, (input as { defaultName: string }).defaultName, appLocale),
      restoreBackup: ([input]) => {
        const { file, acceptUnverified } = input as { file: string; acceptUnverified: boolean };
        return backend.restore({ file, acceptUnverified, actor: 'app' });
      },
    },
  });

  const updates = updatesConfigured({ packaged: app.isPackaged, resourcesPath: process.resourcesPath });
  const runCommand = appCommandHandler({
    window: () => win,
    notify: (event) => send('app-command', event),
    backend,
    logsDir,
    openedFiles,
    dialog,
    shell,
    log,
    checkForUpdates: updateChecker({
      loadUpdater: loadElectronUpdater,
      dialog,
      window: () => win,
      currentVersion: app.getVersion(),
      log,
    }),
  });
  setMenu = (locale) =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          platform: process.platform,
          packaged: app.isPackaged,
          updates,
          appName: app.name,
          locale,
          run: (c) => void runCommand(c),
        }),
      ),
    );
  setMenu(appLocale);

  await backend.ready;
  if (backend.startupError) {
    log.error('database could not be opened', {
      error: backend.startupError.name,
      message: backend.startupError.message,
    });
    // The window still opens and explains; this dialog makes sure it is seen even if it cannot.
    dialog.showErrorBox('The exam database could not be opened', backend.startupError.message);
  } else {
    const settings = await backend.call('getSettings', []);
    if (settings.ok) useSettings(settings.value as SettingsValues);
  }

  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const placement = placeWindow(readWindowState(stateFile), screen.getAllDisplays());
  win = createMainWindow(preloadPath(distMain), placement, windowBackground(nativeTheme));
  const shown = win;
  shown.on('close', () => writeWindowState(stateFile, currentWindowState(shown)));
  shown.on('closed', () => (win = null));

  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (e) => {
    if (stopping) return;
    stopping = true;
    e.preventDefault();
    // The worker finishes its calls, writes the exit backup and closes the database before quitting.
    void backend
      .stop()
      .catch((err: Error) => log.error('backend did not stop cleanly', { message: err.message }))
      .finally(() => {
        log.info('app quit');
        app.quit();
      });
  });
}
