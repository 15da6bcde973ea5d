// Desktop conventions of the built main process: the application menu and where each command
// lands, bundles opened by the OS, second instances, the remembered window, theme, logs, crash
// dumps, updates, and a clean quit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, launchMain, type BuiltApp, type LaunchOptions, type MainProcess } from './harness';

interface MenuItem {
  id?: string;
  label?: string;
  role?: string;
  hasClick?: boolean;
  submenu?: MenuItem[];
}
interface Snapshot {
  menu: MenuItem[];
  sent: { channel: string; args: { event: string; payload: unknown }[] }[];
  shell: { call: string; target: string }[];
  dialogs: { call: string; options: Record<string, unknown> }[];
  window: {
    options: Record<string, unknown>;
    bounds: Record<string, number>;
    maximized: boolean;
    minimized: boolean;
    focused: number;
    background: string;
  };
  crashReporter: Record<string, unknown>;
  themeSource: string;
  quit: { requested: number; willQuit: boolean; quit: boolean };
  updater: { checks: number; autoDownload: boolean };
}
type Envelope = { ok: boolean; value?: unknown; error?: { name: string } };

let built: BuiltApp;
const launched: MainProcess[] = [];
const scratch = mkdtempSync(join(import.meta.dirname, '..', '..', 'dist', 'harness-files-'));

beforeAll(async () => {
  built = await buildApp();
});
afterAll(async () => {
  for (const m of launched) {
    m.kill();
    rmSync(m.userData, { recursive: true, force: true });
  }
  built?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

async function start(opts: LaunchOptions = {}): Promise<MainProcess> {
  const main = await launchMain(built, opts);
  launched.push(main);
  await main.send('ready');
  return main;
}

const snapshot = (m: MainProcess) => m.send<Snapshot>('snapshot');
const fromApp = (m: MainProcess, call: string, args: unknown[] = []) =>
  m.send<Envelope>('invoke', { call, args, frameUrl: 'app://osce/index.html' });
const appCommands = (s: Snapshot) =>
  s.sent.filter((m) => m.channel === 'osce:event' && m.args[0]?.event === 'app-command').map((m) => m.args[0]!.payload);
const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

function bundleFile(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, 'SQLite format 3\0');
  return path;
}

describe('the application menu (development build)', () => {
  let main: MainProcess;
  beforeAll(async () => {
    main = await start({ openDialogPaths: [[bundleFile('from-dialog.osce-bundle')]] });
  });
  afterAll(() => main.send('quit'));

  it('has File, Edit, View, Window and Help built from the standard roles', async () => {
    const { menu } = await snapshot(main);
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const roles = flatten(menu)
      .map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(
      expect.arrayContaining([
        'quit',
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'zoomIn',
        'zoomOut',
        'resetZoom',
        'togglefullscreen',
        'minimize',
        'windowMenu',
        'help',
      ]),
    );
    // A development build keeps reload and the developer tools.
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('is rebuilt in Chinese when the language setting changes, and back in English', async () => {
    const zh = await fromApp(main, 'updateSettings', [{ language: 'zh-CN' }]);
    expect(zh.ok).toBe(true);
    expect((await snapshot(main)).menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    await fromApp(main, 'updateSettings', [{ language: 'en' }]);
    expect((await snapshot(main)).menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it("lists the app's commands, and no update item when no update server is configured", async () => {
    const items = flatten((await snapshot(main)).menu).filter((i) => i.id);
    expect(items.map((i) => [i.id, i.label])).toEqual([
      ['import', 'Import recordings…'],
      ['open-bundle', 'Open exam bundle…'],
      ['export-report', 'Export report…'],
      ['backup-now', 'Back up now'],
      ['keyboard-shortcuts', 'Keyboard shortcuts'],
      ['open-data-folder', 'Open data folder'],
      ['open-logs-folder', 'Open logs folder'],
    ]);
    expect(items.every((i) => i.hasClick)).toBe(true);
  });

  it('Import, Export report and Keyboard shortcuts open their screens in the page', async () => {
    for (const id of ['import', 'export-report', 'keyboard-shortcuts']) await main.send('menuClick', { id });
    expect(appCommands(await snapshot(main))).toEqual([
      { command: 'import' },
      { command: 'export-report' },
      { command: 'keyboard-shortcuts' },
    ]);
  });

  it('Open exam bundle asks for a .osce-bundle file and hands it to the page once', async () => {
    await main.send('menuClick', { id: 'open-bundle' });
    const s = await snapshot(main);
    expect(s.dialogs.find((d) => d.call === 'showOpenDialog')?.options).toMatchObject({
      filters: [{ name: 'Exam bundle', extensions: ['osce-bundle'] }],
    });
    expect(appCommands(s)).toContainEqual({ command: 'open-bundle' });
    expect(await fromApp(main, 'takeOpenedFiles')).toEqual({
      ok: true,
      value: [join(scratch, 'from-dialog.osce-bundle')],
    });
    expect(await fromApp(main, 'takeOpenedFiles')).toEqual({ ok: true, value: [] });
  });

  it('Back up now writes a backup through the backend and says where', async () => {
    const before = (await snapshot(main)).dialogs.length;
    await main.send('menuClick', { id: 'backup-now' });
    await main.send('waitForDialogs', { count: before + 1 });
    const box = (await snapshot(main)).dialogs.find((d) => d.call === 'showMessageBox');
    expect(box?.options).toMatchObject({ type: 'info', message: 'Backup written' });
    expect(existsSync(String(box?.options.detail))).toBe(true);
    expect(String(box?.options.detail).startsWith(join(main.userData, 'backups'))).toBe(true);
  });

  it('Open data folder and Open logs folder open them in the file manager', async () => {
    await main.send('menuClick', { id: 'open-data-folder' });
    await main.send('menuClick', { id: 'open-logs-folder' });
    expect((await snapshot(main)).shell).toEqual([
      { call: 'openPath', target: main.userData },
      { call: 'openPath', target: join(main.userData, 'logs') },
    ]);
  });

  it('keeps local crash dumps only and writes main and worker logs in the logs folder', async () => {
    expect((await snapshot(main)).crashReporter).toEqual({ uploadToServer: false });
    expect(readdirSync(join(main.userData, 'logs')).sort()).toEqual(expect.arrayContaining(['main.log', 'worker.log']));
    expect(readFileSync(join(main.userData, 'logs', 'main.log'), 'utf8')).toContain('"msg":"app started"');
  });
});

describe('a packaged build with an update server', () => {
  it('has no Reload or developer tools, and "Check for updates…" asks electron-updater', async () => {
    const resources = mkdtempSync(join(scratch, 'resources-'));
    writeFileSync(join(resources, 'app-update.yml'), 'provider: generic\nurl: https://updates.lab.example/osce\n');
    const main = await start({ packaged: true, resourcesPath: resources });
    const items = flatten((await snapshot(main)).menu);
    for (const role of ['reload', 'forceReload', 'toggleDevTools'])
      expect(items.map((i) => i.role)).not.toContain(role);
    expect(items.find((i) => i.id === 'check-for-updates')?.label).toBe('Check for updates…');
    await main.send('menuClick', { id: 'check-for-updates' });
    await main.send('waitForDialogs', { count: 1 });
    const s = await snapshot(main);
    expect(s.updater).toMatchObject({ checks: 1, autoDownload: false });
    expect(s.dialogs.find((d) => d.call === 'showMessageBox')?.options).toMatchObject({
      message: 'No update available',
    });
    await main.send('quit');
  });
});

describe('exam bundles opened by the operating system', () => {
  it('takes a bundle given on the command line at start-up (Windows, Linux)', async () => {
    const bundle = bundleFile('at-start.osce-bundle');
    const main = await start({ args: ['--some-chromium-switch', bundle, join(scratch, 'not-a-bundle.txt')] });
    expect(await fromApp(main, 'takeOpenedFiles')).toEqual({ ok: true, value: [bundle] });
    await main.send('quit');
  });

  it('a second instance brings the window back and passes its bundle; missing files are ignored', async () => {
    const main = await start();
    mkdirSync(join(scratch, 'cwd'), { recursive: true });
    bundleFile('cwd/relative.osce-bundle');
    await main.send('secondInstance', {
      argv: ['/opt/osce/osce', 'relative.osce-bundle', '/nowhere/gone.osce-bundle'],
      cwd: join(scratch, 'cwd'),
    });
    const s = await snapshot(main);
    expect(s.window.minimized).toBe(false);
    expect(s.window.focused).toBeGreaterThan(0);
    expect(appCommands(s)).toEqual([{ command: 'open-bundle' }]);
    expect(await fromApp(main, 'takeOpenedFiles')).toEqual({
      ok: true,
      value: [join(scratch, 'cwd', 'relative.osce-bundle')],
    });
    await main.send('quit');
  });

  it("takes macOS's open-file event", async () => {
    const main = await start();
    const bundle = bundleFile('finder.osce-bundle');
    expect(await main.send('openFile', { path: bundle })).toBe(true);
    expect(appCommands(await snapshot(main))).toEqual([{ command: 'open-bundle' }]);
    expect(await fromApp(main, 'takeOpenedFiles')).toEqual({ ok: true, value: [bundle] });
    await main.send('quit');
  });

  it('a second instance that cannot get the lock quits at once and starts nothing', async () => {
    const main = await launchMain(built, { lock: false });
    launched.push(main);
    expect(await main.exited).toBe(0);
    expect(existsSync(join(main.userData, 'osce.sqlite'))).toBe(false);
  });
});

describe('the window and the theme across restarts', () => {
  const displays = [
    { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } },
  ];
  let userData: string;

  it('remembers size, position, maximised state and the theme', async () => {
    const first = await start({ displays });
    userData = first.userData;
    expect((await snapshot(first)).window.options).toMatchObject({
      width: 1440,
      height: 900,
      backgroundColor: '#f5f6f8',
    });
    await first.send('setWindow', { bounds: { x: 2000, y: 60, width: 1500, height: 950 }, maximized: true });
    expect(await fromApp(first, 'updateSettings', [{ theme: 'dark' }])).toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });
    const dark = await snapshot(first);
    expect(dark.themeSource).toBe('dark');
    expect(dark.window.background).toBe('#14181f');
    await first.send('quit');
    expect(await first.exited).toBe(0);

    const second = await start({ displays, userData });
    const s = await snapshot(second);
    expect(s.window.options).toMatchObject({ x: 2000, y: 60, width: 1500, height: 950, backgroundColor: '#14181f' });
    expect(s.window.maximized).toBe(true);
    expect(s.themeSource).toBe('dark');
    await second.send('quit');
    expect(await second.exited).toBe(0);
  });

  it('opens centred on the primary display when the monitor it was on is gone', async () => {
    const third = await start({ displays: [displays[0]!], userData });
    const s = await snapshot(third);
    expect(s.window.options).not.toHaveProperty('x');
    expect(s.window.bounds).toMatchObject({ x: 210, y: 45, width: 1500, height: 950 });
    await third.send('quit');
  });
});

describe('a clean quit', () => {
  it('stops the worker (exit backup written, database closed) before the app quits, and the process ends by itself', async () => {
    const main = await start();
    expect(await main.send('quit')).toEqual({ requested: 2, willQuit: true, quit: true });
    expect(await main.exited).toBe(0);
    const backups = readdirSync(join(main.userData, 'backups'));
    expect(backups.some((f) => f.includes('exit'))).toBe(true);
    // Closing the database checkpoints the WAL into it.
    expect(existsSync(join(main.userData, 'osce.sqlite-wal'))).toBe(false);
    expect(readFileSync(join(main.userData, 'logs', 'main.log'), 'utf8')).toContain('"msg":"app quit"');
  });
});
