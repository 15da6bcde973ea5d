// TEST-ONLY: a recording stand-in for the `electron` module, so the built main process
// (dist/main/main.cjs) runs in plain Node. It models only what main/ uses, and each behaviour it
// assumes is the documented one (links beside each part). It records what main asked for, so the
// harness can drive events and read the outcome.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StandInConfig {
  userData: string;
  /** app.isPackaged; also decides whether main hides Reload and DevTools. */
  packaged?: boolean;
  /** What app.requestSingleInstanceLock() returns (false: another instance holds it). */
  lock?: boolean;
  displays?: { id: number; workArea: { x: number; y: number; width: number; height: number } }[];
  systemDark?: boolean;
  platform?: NodeJS.Platform;
  /** What the next showOpenDialog calls return, in order; then a cancelled dialog. */
  openDialogPaths?: string[][];
  /** Where showSaveDialog "saves"; absent: the user cancels. */
  saveDialogPath?: string;
}

/** An Electron Event: https://www.electronjs.org/docs/latest/api/structures/event */
export function electronEvent(extra: Record<string, unknown> = {}) {
  const e = { defaultPrevented: false, preventDefault: () => void (e.defaultPrevented = true), ...extra };
  return e;
}

export function createElectronStandIn(config: StandInConfig) {
  const record = {
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response> | Response>(),
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    sandboxEnabled: false,
    shell: [] as { call: string; target: string }[],
    dialogs: [] as { call: string; options: unknown }[],
    applicationMenu: null as null | { template: MenuItemTemplate[] },
    crashReporter: null as unknown,
    permissionRequestHandler: null as
      null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void),
    permissionCheckHandler: null as null | ((...a: unknown[]) => boolean),
    devicePermissionHandler: null as null | ((...a: unknown[]) => boolean),
    beforeRequest: null as null | ((details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void),
    quit: { requested: 0, willQuit: false, quit: false },
    updater: { feed: null as unknown, checks: 0, autoDownload: true as boolean },
  };
  const openDialogQueue = [...(config.openDialogPaths ?? [])];
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));

  // https://www.electronjs.org/docs/latest/api/web-contents: every webContents gets an id, and
  // app emits 'web-contents-created' for each one (https://www.electronjs.org/docs/latest/api/app#event-web-contents-created).
  let nextWebContentsId = 1;
  class WebContents extends EventEmitter {
    readonly id = nextWebContentsId++;
    readonly sent: { channel: string; args: unknown[] }[] = [];
    windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
    url = '';
    send(channel: string, ...args: unknown[]) {
      this.sent.push({ channel, args });
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
      this.windowOpenHandler = handler;
    }
    getURL() {
      return this.url;
    }
    isDestroyed() {
      return false;
    }
    isCrashed() {
      return false;
    }
    /** What executeJavaScript answers (a page script's result). */
    scriptResult: unknown = true;
    async executeJavaScript(_code: string) {
      return this.scriptResult;
    }
    // https://www.electronjs.org/docs/latest/api/web-contents#contentsprinttopdfoptions resolves with the PDF bytes.
    printed: unknown[] = [];
    async printToPDF(options: unknown) {
      this.printed.push(options);
      return Buffer.from(`%PDF-1.4 stand-in of ${this.url.slice(0, 40)}`);
    }
  }
  const newWebContents = () => {
    const wc = new WebContents();
    app.emit('web-contents-created', electronEvent(), wc);
    return wc;
  };

  type Bounds = { x: number; y: number; width: number; height: number };
  const windows: BrowserWindow[] = [];
  // https://www.electronjs.org/docs/latest/api/browser-window
  class BrowserWindow extends EventEmitter {
    readonly webContents = newWebContents();
    readonly options: Record<string, unknown>;
    bounds: Bounds;
    maximized = false;
    minimized = false;
    visible = false;
    focused = 0;
    destroyed = false;
    constructor(options: Record<string, unknown> = {}) {
      super();
      this.options = options;
      const primary = (config.displays ?? DEFAULT_DISPLAYS)[0]!.workArea;
      const width = Number(options.width ?? 800);
      const height = Number(options.height ?? 600);
      // Without x and y a window is centred on the primary display.
      this.bounds = {
        x: typeof options.x === 'number' ? options.x : primary.x + Math.round((primary.width - width) / 2),
        y: typeof options.y === 'number' ? options.y : primary.y + Math.round((primary.height - height) / 2),
        width,
        height,
      };
      windows.push(this);
    }
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    static getFocusedWindow() {
      return windows.find((w) => !w.destroyed) ?? null;
    }
    async loadURL(url: string) {
      this.webContents.url = url;
      // 'ready-to-show' follows the first paint of the page.
      setImmediate(() => this.emit('ready-to-show'));
    }
    show() {
      this.visible = true;
    }
    focus() {
      this.focused++;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    maximize() {
      this.maximized = true;
      this.emit('maximize');
    }
    isMaximized() {
      return this.maximized;
    }
    getBounds() {
      return { ...this.bounds };
    }
    // "Returns the window bounds in normal state" even while maximised.
    getNormalBounds() {
      return { ...this.bounds };
    }
    background = '';
    setBackgroundColor(color: string) {
      this.background = color;
    }
    setBounds(b: Partial<Bounds>) {
      this.bounds = { ...this.bounds, ...b };
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      this.emit('closed');
    }
    // https://www.electronjs.org/docs/latest/api/browser-window#event-close: preventable, then 'closed'.
    close() {
      const e = electronEvent();
      this.emit('close', e);
      if (e.defaultPrevented) return;
      this.destroyed = true;
      this.emit('closed');
      if (BrowserWindow.getAllWindows().length === 0 && !quitting) app.emit('window-all-closed');
    }
  }

  let quitting = false;
  // https://www.electronjs.org/docs/latest/api/app
  class App extends EventEmitter {
    readonly isPackaged = config.packaged ?? false;
    readonly name = 'OSCE Scoring Assistant';
    whenReady() {
      return readyPromise;
    }
    isReady() {
      return ready;
    }
    /** Harness only: what Electron does once Chromium has started. */
    markReady() {
      ready = true;
      this.emit('ready', electronEvent(), {});
      resolveReady();
    }
    getVersion() {
      return '0.1.0-harness';
    }
    getName() {
      return this.name;
    }
    // 'logs' and 'crashDumps' default to folders of userData on Linux and Windows.
    getPath(name: string) {
      if (name === 'userData') return config.userData;
      if (name === 'logs') return join(config.userData, 'logs');
      if (name === 'crashDumps') return join(config.userData, 'Crashpad');
      if (name === 'appData' || name === 'home' || name === 'temp') return join(config.userData, '..');
      throw new Error(`app.getPath('${name}') is not modelled by the stand-in`);
    }
    // "returns false if your process should immediately quit as it has sent its parameters to another instance"
    requestSingleInstanceLock() {
      return config.lock ?? true;
    }
    enableSandbox() {
      if (ready) throw new Error('app.enableSandbox() must be called before the app is ready');
      record.sandboxEnabled = true;
    }
    setAppUserModelId() {}
    // "without a path ... set to ~/Library/Logs/YourAppName on macOS, and inside the userData directory on Linux and Windows"
    setAppLogsPath() {}
    // https://www.electronjs.org/docs/latest/api/app#appquit: 'before-quit' first (preventable); then
    // windows close and 'will-quit' and 'quit' follow; 'window-all-closed' is not emitted when quitting.
    quit() {
      record.quit.requested++;
      const e = electronEvent();
      this.emit('before-quit', e);
      if (e.defaultPrevented) return;
      quitting = true;
      for (const w of BrowserWindow.getAllWindows()) w.close();
      const wq = electronEvent();
      this.emit('will-quit', wq);
      if (wq.defaultPrevented) return;
      record.quit.willQuit = true;
      this.emit('quit', electronEvent(), 0);
      record.quit.quit = true;
    }
    exit() {
      record.quit.quit = true;
    }
  }
  const app = new App();

  // https://www.electronjs.org/docs/latest/api/protocol: registerSchemesAsPrivileged "can only be
  // used before the ready event"; handle() after it, and the handler answers a Request with a Response.
  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      record.privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (req: Request) => Promise<Response> | Response) {
      if (!ready) throw new Error('protocol.handle can only be used after the app is ready');
      record.protocolHandlers.set(scheme, handler);
    },
  };

  // https://www.electronjs.org/docs/latest/api/net#netfetchinput-init: fetch with Chromium's network
  // stack; for file: URLs it reads the file. Only file: is modelled (nothing here uses the network).
  const net = {
    async fetch(url: string) {
      if (!url.startsWith('file:')) throw new Error(`net.fetch(${url}) is not modelled by the stand-in`);
      const body = await readFile(fileURLToPath(url));
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': MIME[extname(url)] ?? 'application/octet-stream' },
      });
    },
  };

  // https://www.electronjs.org/docs/latest/api/ipc-main#ipcmainhandlechannel-listener
  const ipcMain = Object.assign(new EventEmitter(), {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      if (record.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      record.ipcHandlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      record.ipcHandlers.delete(channel);
    },
  });

  // https://www.electronjs.org/docs/latest/api/session and .../web-request#webrequestonbeforerequestfilter-listener
  const defaultSession = {
    setPermissionRequestHandler: (h: typeof record.permissionRequestHandler) =>
      void (record.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: typeof record.permissionCheckHandler) => void (record.permissionCheckHandler = h),
    setDevicePermissionHandler: (h: typeof record.devicePermissionHandler) => void (record.devicePermissionHandler = h),
    webRequest: {
      onBeforeRequest(filterOrListener: unknown, maybeListener?: unknown) {
        record.beforeRequest = (maybeListener ?? filterOrListener) as typeof record.beforeRequest;
      },
    },
  };

  const shell = {
    openPath: async (target: string) => (record.shell.push({ call: 'openPath', target }), ''),
    openExternal: async (target: string) => void record.shell.push({ call: 'openExternal', target }),
    showItemInFolder: (target: string) => void record.shell.push({ call: 'showItemInFolder', target }),
  };

  // Dialogs take an optional parent window first: https://www.electronjs.org/docs/latest/api/dialog
  const lastArg = (args: unknown[]) => args[args.length - 1];
  const dialog = {
    async showOpenDialog(...args: unknown[]) {
      record.dialogs.push({ call: 'showOpenDialog', options: lastArg(args) });
      const paths = openDialogQueue.shift();
      return paths ? { canceled: false, filePaths: paths } : { canceled: true, filePaths: [] };
    },
    async showSaveDialog(...args: unknown[]) {
      record.dialogs.push({ call: 'showSaveDialog', options: lastArg(args) });
      return config.saveDialogPath ? { canceled: false, filePath: config.saveDialogPath } : { canceled: true };
    },
    async showMessageBox(...args: unknown[]) {
      record.dialogs.push({ call: 'showMessageBox', options: lastArg(args) });
      return { response: 0, checkboxChecked: false };
    },
    showErrorBox(title: string, content: string) {
      record.dialogs.push({ call: 'showErrorBox', options: { title, content } });
    },
  };

  // https://www.electronjs.org/docs/latest/api/menu: buildFromTemplate, setApplicationMenu.
  const Menu = {
    buildFromTemplate: (template: MenuItemTemplate[]) => ({ template }),
    setApplicationMenu: (menu: { template: MenuItemTemplate[] } | null) => void (record.applicationMenu = menu),
    getApplicationMenu: () => record.applicationMenu,
  };

  // https://www.electronjs.org/docs/latest/api/native-theme: setting themeSource changes
  // shouldUseDarkColors (and prefers-color-scheme in pages) and emits 'updated'.
  class NativeTheme extends EventEmitter {
    private source: 'system' | 'light' | 'dark' = 'system';
    get themeSource() {
      return this.source;
    }
    set themeSource(v: 'system' | 'light' | 'dark') {
      this.source = v;
      this.emit('updated');
    }
    get shouldUseDarkColors() {
      return this.source === 'dark' || (this.source === 'system' && (config.systemDark ?? false));
    }
  }
  const nativeTheme = new NativeTheme();

  // https://www.electronjs.org/docs/latest/api/screen#screengetalldisplays
  const screen = {
    getAllDisplays: () => config.displays ?? DEFAULT_DISPLAYS,
    getPrimaryDisplay: () => (config.displays ?? DEFAULT_DISPLAYS)[0]!,
  };

  // https://www.electronjs.org/docs/latest/api/crash-reporter#crashreporterstartoptions
  const crashReporter = { start: (options: unknown) => void (record.crashReporter = options) };

  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from(`sealed:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, ''),
  };

  const electron = {
    app,
    BrowserWindow,
    protocol,
    net,
    ipcMain,
    session: { defaultSession },
    shell,
    dialog,
    Menu,
    nativeTheme,
    screen,
    crashReporter,
    safeStorage,
  };

  // electron-updater's autoUpdater (https://www.electron.build/auto-update): only what main/updates.ts uses.
  class AutoUpdater extends EventEmitter {
    set autoDownload(v: boolean) {
      record.updater.autoDownload = v;
    }
    get autoDownload() {
      return record.updater.autoDownload;
    }
    setFeedURL(feed: unknown) {
      record.updater.feed = feed;
    }
    async checkForUpdates() {
      record.updater.checks++;
      setImmediate(() => this.emit('update-not-available', { version: '0.1.0-harness' }));
      return null;
    }
    async downloadUpdate() {
      return [];
    }
    quitAndInstall() {}
  }
  const autoUpdater = new AutoUpdater();

  return { electron, updater: { autoUpdater }, record, windows, newWebContents, electronEvent };
}

export interface MenuItemTemplate {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  visible?: boolean;
  submenu?: MenuItemTemplate[];
  click?: (item: unknown, win: unknown, event: unknown) => unknown;
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

const DEFAULT_DISPLAYS = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.mp4': 'video/mp4',
  '.txt': 'text/plain',
};

/**
 * For vi.mock('electron', ...) in main/*.test.ts: the stand-in as the module, with the stand-in
 * itself under `standIn` so a test can drive events and read what was recorded.
 */
export function electronModuleForTests(config: Partial<StandInConfig> = {}) {
  const stand = createElectronStandIn({ userData: join(tmpdir(), 'osce-unit-user-data'), ...config });
  return { ...stand.electron, standIn: stand, default: stand.electron };
}

/** The stand-in behind a mocked 'electron' import. */
export function standInOf(electronModule: unknown): ElectronStandIn {
  return (electronModule as { standIn: ElectronStandIn }).standIn;
}
