/**
 * The application menu: the platform's standard File, Edit, View, Window and Help menus built from
 * Electron roles, plus the app's own commands. Pure (a template from options) so tests can read it;
 * main.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** Commands the menu can run; main/app-commands.ts gives each one its handler. */
export const APP_COMMANDS = [
  'import',
  'open-bundle',
  'export-report',
  'backup-now',
  'open-data-folder',
  'open-logs-folder',
  'keyboard-shortcuts',
  'check-for-updates',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** A packaged build has no Reload or developer tools. */
  packaged: boolean;
  /** A lab configured an update server (electron-builder `publish`): show "Check for updates…". */
  updates: boolean;
  appName: string;
  run(command: AppCommand): void;
}

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const command = (id: AppCommand, label: string, accelerator?: string): MenuItemConstructorOptions => ({
    id,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => opts.run(id),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('import', 'Import recordings…', 'CmdOrCtrl+I'),
      command('open-bundle', 'Open exam bundle…', 'CmdOrCtrl+O'),
      command('export-report', 'Export report…', 'CmdOrCtrl+E'),
      sep,
      command('backup-now', 'Back up now'),
      sep,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(opts.packaged
        ? []
        : ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            sep,
          ] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      command('keyboard-shortcuts', 'Keyboard shortcuts', 'CmdOrCtrl+/'),
      sep,
      command('open-data-folder', 'Open data folder'),
      command('open-logs-folder', 'Open logs folder'),
      ...(opts.updates ? [sep, command('check-for-updates', 'Check for updates…')] : []),
      ...(mac ? [] : ([sep, { role: 'about', label: `About ${opts.appName}` }] as MenuItemConstructorOptions[])),
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: opts.appName,
          submenu: [
            { role: 'about' },
            sep,
            { role: 'services' },
            sep,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            sep,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, windowMenu, help];
}
