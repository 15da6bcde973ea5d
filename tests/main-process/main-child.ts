// TEST-ONLY: runs the built main process (main.cjs) in this Node process with `electron` (and
// `electron-updater`) replaced by the recording stand-in, and answers the harness's requests over
// the fork IPC channel. One process per launch, so every launch starts from a clean slate.
import Module, { createRequire } from 'node:module';
import { createElectronStandIn, electronEvent, type MenuItemTemplate, type StandInConfig } from './electron-stand-in';

export interface ChildConfig extends StandInConfig {
  mainFile: string;
  /** Command-line arguments after the app path (as Electron's process.argv has them). */
  args?: string[];
  resourcesPath?: string;
}

const config = JSON.parse(process.env.OSCE_MAIN_HARNESS ?? '{}') as ChildConfig;
const stand = createElectronStandIn(config);
const { app } = stand.electron;

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: LoadFn };
const originalLoad = moduleInternals._load;
moduleInternals._load = function (request, parent, isMain) {
  if (request === 'electron') return stand.electron;
  if (request === 'electron-updater') return stand.updater;
  return originalLoad.call(this, request, parent, isMain);
};

// Electron's process.argv: [executable, app path, ...arguments]; resourcesPath is Electron's own.
process.argv = [process.execPath, config.mainFile, ...(config.args ?? [])];
(process as unknown as { resourcesPath: string }).resourcesPath = config.resourcesPath ?? config.userData;
createRequire(import.meta.url)(config.mainFile);

const mainWindow = () => stand.windows.find((w) => !w.destroyed) ?? null;

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function findMenuItem(items: MenuItemTemplate[], id: string): MenuItemTemplate | null {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu ? findMenuItem(item.submenu, id) : null;
    if (inner) return inner;
  }
  return null;
}

/** The menu as data (click handlers become a flag), for assertions in the parent. */
function menuData(items: MenuItemTemplate[]): unknown[] {
  return items.map(({ click, submenu, ...rest }) => ({
    ...rest,
    ...(click ? { hasClick: true } : {}),
    ...(submenu ? { submenu: menuData(submenu) } : {}),
  }));
}

async function responseData(res: Response) {
  const type = res.headers.get('content-type') ?? '';
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: type,
    csp: res.headers.get('content-security-policy'),
    text: /text|json|javascript/.test(type) || res.status >= 400 ? body.toString('utf8') : null,
    bytes: body.length,
  };
}

const ops: Record<string, (a: Record<string, unknown>) => Promise<unknown> | unknown> = {
  async ready() {
    app.markReady();
    await until('the main window', () => mainWindow()?.visible === true);
    return null;
  },
  snapshot() {
    const r = stand.record;
    const win = mainWindow();
    return {
      privilegedSchemes: r.privilegedSchemes,
      protocolSchemes: [...r.protocolHandlers.keys()],
      ipcChannels: [...r.ipcHandlers.keys()],
      sandboxEnabled: r.sandboxEnabled,
      windows: stand.windows.length,
      window: win && {
        options: win.options,
        url: win.webContents.url,
        bounds: win.getBounds(),
        maximized: win.isMaximized(),
        minimized: win.isMinimized(),
        focused: win.focused,
        background: win.background || String(win.options.backgroundColor),
      },
      sent: win?.webContents.sent ?? [],
      shell: r.shell,
      dialogs: r.dialogs,
      menu: r.applicationMenu ? menuData(r.applicationMenu.template) : null,
      crashReporter: r.crashReporter,
      themeSource: stand.electron.nativeTheme.themeSource,
      guards: {
        permissionRequest: r.permissionRequestHandler !== null,
        permissionCheck: r.permissionCheckHandler !== null,
        devicePermission: r.devicePermissionHandler !== null,
        beforeRequest: r.beforeRequest !== null,
      },
      quit: r.quit,
      updater: r.updater,
    };
  },
  /** An ipcRenderer.invoke arriving in main, from the app's window or from somewhere else. */
  async invoke({ call, args, from, frameUrl, subframe }) {
    const handler = stand.record.ipcHandlers.get(`osce:call:${String(call)}`);
    if (!handler) throw new Error(`no IPC handler for ${String(call)}`);
    const sender = from === 'other-webcontents' ? stand.newWebContents() : mainWindow()!.webContents;
    const url = String(frameUrl ?? sender.url);
    // https://www.electronjs.org/docs/latest/api/structures/ipc-main-invoke-event (senderFrame) and
    // https://www.electronjs.org/docs/latest/api/web-frame-main (url; parent is null for the top frame).
    const top = { url, parent: null };
    const senderFrame = subframe ? { url, parent: top } : top;
    return handler({ sender, senderFrame, frameId: 1, processId: 1 }, ...((args as unknown[]) ?? []));
  },
  async fetch({ url, headers }) {
    const scheme = String(url).split(':', 1)[0]!;
    const handler = stand.record.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`no protocol handler for ${scheme}:`);
    return responseData(
      await handler(new Request(String(url), { headers: (headers as Record<string, string>) ?? {} })),
    );
  },
  /** will-navigate / will-redirect / will-attach-webview on a new webContents: was it prevented? */
  navigate({ kind, url }) {
    const wc = stand.newWebContents();
    // Electron 45 passes an Event carrying url as the first argument (the url argument is deprecated).
    const e = electronEvent({ url });
    wc.emit(String(kind), e, url);
    return e.defaultPrevented;
  },
  openWindow({ url }) {
    const wc = stand.newWebContents();
    return wc.windowOpenHandler ? wc.windowOpenHandler({ url: String(url) }) : null;
  },
  permission({ permission }) {
    return new Promise((resolve) => stand.record.permissionRequestHandler!(null, String(permission), resolve, {}));
  },
  permissionCheck({ permission }) {
    return stand.record.permissionCheckHandler!(null, String(permission), 'app://osce', {});
  },
  webRequest({ url }) {
    return new Promise((resolve) =>
      stand.record.beforeRequest!({ url: String(url) }, (r) => resolve(r.cancel === true)),
    );
  },
  // https://www.electronjs.org/docs/latest/api/app#event-second-instance: (event, argv, workingDirectory, additionalData)
  secondInstance({ argv, cwd }) {
    const win = mainWindow();
    if (win) win.minimized = true;
    app.emit('second-instance', electronEvent(), argv, cwd, null);
    return null;
  },
  // https://www.electronjs.org/docs/latest/api/app#event-open-file-macos: (event, path); call preventDefault to handle it.
  openFile({ path }) {
    const e = electronEvent();
    app.emit('open-file', e, path);
    return e.defaultPrevented;
  },
  async menuClick({ id }) {
    const menu = stand.record.applicationMenu;
    const item = menu && findMenuItem(menu.template, String(id));
    if (!item?.click) throw new Error(`menu item ${String(id)} has no click handler`);
    await item.click(item, mainWindow(), {});
    return null;
  },
  /** The user moves, resizes or maximises the window. */
  setWindow({ bounds, maximized }) {
    const win = mainWindow()!;
    if (bounds) win.setBounds(bounds as never);
    if (maximized) win.maximize();
    return null;
  },
  closeWindow() {
    mainWindow()?.close();
    return null;
  },
  async quit() {
    app.quit();
    await until('the app to quit', () => stand.record.quit.quit, 30_000);
    return stand.record.quit;
  },
  async waitForSent({ channel, count }) {
    await until(
      `${String(count)} message(s) on ${String(channel)}`,
      () => (mainWindow()?.webContents.sent.filter((s) => s.channel === channel).length ?? 0) >= Number(count),
    );
    return mainWindow()!.webContents.sent.filter((s) => s.channel === channel);
  },
  async waitForDialogs({ count }) {
    await until(`${String(count)} dialog(s)`, () => stand.record.dialogs.length >= Number(count));
    return stand.record.dialogs;
  },
};

process.on('message', async (m: { id: number; op: string; args: Record<string, unknown> }) => {
  try {
    const op = ops[m.op];
    if (!op) throw new Error(`unknown harness op ${m.op}`);
    const value = await op(m.args ?? {});
    process.send!({ id: m.id, ok: true, value });
  } catch (err) {
    process.send!({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) });
  }
  // After a quit, only what main left running can keep this process alive: a live worker would.
  if (m.op === 'quit' && stand.record.quit.quit) process.disconnect();
});
process.send!({ id: 0, ok: true, value: 'loaded' });
// Main may quit while loading (the single-instance lock is held elsewhere): then nothing else may run.
if (stand.record.quit.quit) process.disconnect();
