import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMANDS, menuTemplate, type AppCommand } from './menu';

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...flatten(Array.isArray(i.submenu) ? i.submenu : [])]);

function build(over: Partial<Parameters<typeof menuTemplate>[0]> = {}) {
  const ran: AppCommand[] = [];
  const template = menuTemplate({
    platform: 'linux',
    packaged: false,
    updates: false,
    appName: 'OSCE Scoring Assistant',
    run: (c) => ran.push(c),
    ...over,
  });
  return { template, items: flatten(template), ran };
}

describe('application menu', () => {
  it('Windows and Linux: File, Edit, View, Window, Help; Quit in File and About in Help', () => {
    const { template, items } = build({ platform: 'win32' });
    expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(items.find((i) => i.role === 'quit')).toBeDefined();
    expect(items.find((i) => i.role === 'about')?.label).toBe('About OSCE Scoring Assistant');
  });

  it('macOS: the app menu first (About, Services, Hide, Quit) and Close in File', () => {
    const { template, items } = build({ platform: 'darwin' });
    expect(template.map((m) => m.label)).toEqual(['OSCE Scoring Assistant', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appRoles = (template[0]!.submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean);
    expect(appRoles).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect((template[1]!.submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean)).toEqual([
      'close',
    ]);
    expect(items.find((i) => i.role === 'front')).toBeDefined();
  });

  it('speaks the app’s language: Chinese labels for the menus, the commands and the standard roles', () => {
    const { template, items } = build({ locale: 'zh-CN', updates: true });
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(items.find((i) => i.id === 'import')?.label).toBe('导入录像…');
    expect(items.find((i) => i.role === 'copy')?.label).toBe('复制');
    expect(items.find((i) => i.role === 'about')?.label).toBe('关于 OSCE Scoring Assistant');
    expect(build().items.find((i) => i.role === 'copy')?.label).toBe('Copy');
  });

  it('a packaged build has no Reload, Force reload or developer tools', () => {
    const dev = build().items.map((i) => i.role);
    const packaged = build({ packaged: true }).items.map((i) => i.role);
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(packaged).not.toContain(role);
    expect(packaged).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('offers "Check for updates…" only when an update server is configured', () => {
    expect(build().items.some((i) => i.id === 'check-for-updates')).toBe(false);
    expect(build({ updates: true }).items.find((i) => i.id === 'check-for-updates')?.label).toBe('Check for updates…');
  });

  it('every app command is in the menu and its click runs that command', () => {
    const { items, ran } = build({ updates: true });
    for (const id of APP_COMMANDS) {
      const item = items.find((i) => i.id === id);
      expect(item, id).toBeDefined();
      (item!.click as () => void)();
    }
    expect(ran).toEqual([...APP_COMMANDS]);
  });

  it('gives Import, Open bundle, Export and the shortcut list their usual accelerators', () => {
    const acc = Object.fromEntries(
      build()
        .items.filter((i) => i.id)
        .map((i) => [i.id, i.accelerator]),
    );
    expect(acc).toMatchObject({
      import: 'CmdOrCtrl+I',
      'open-bundle': 'CmdOrCtrl+O',
      'export-report': 'CmdOrCtrl+E',
      'keyboard-shortcuts': 'CmdOrCtrl+/',
    });
  });
});
