/**
 * The application menu: the platform's standard File, Edit, View, Window and Help menus built from
 * Electron roles, plus the app's own commands. Pure (a template from options) so tests can read it;
 * main.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../domain/i18n/locales';
import { translatorFor } from '../domain/i18n/translator';
import type { common } from '../domain/i18n/en/common';

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
  /** The language of the labels (the app's language setting); English by default. */
  locale?: Locale;
  run(command: AppCommand): void;
}

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const t = translatorFor(opts.locale ?? 'en');
  /** A standard role with the label in the app's language (Electron's own labels are English). */
  const role = (r: NonNullable<MenuItemConstructorOptions['role']>, key: `menu.${keyof typeof common.menu}`) =>
    ({ role: r, label: (t as (k: string) => string)(key) }) as MenuItemConstructorOptions;
  const command = (id: AppCommand, label: string, accelerator?: string): MenuItemConstructorOptions => ({
    id,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => opts.run(id),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const file: MenuItemConstructorOptions = {
    label: t('menu.file'),
    submenu: [
      command('import', t('menu.importRecordings'), 'CmdOrCtrl+I'),
      command('open-bundle', t('menu.openBundle'), 'CmdOrCtrl+O'),
      command('export-report', t('menu.exportReport'), 'CmdOrCtrl+E'),
      sep,
      command('backup-now', t('menu.backupNow')),
      sep,
      mac ? { role: 'close' } : role('quit', 'menu.quit'),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: t('menu.edit'),
    submenu: [
      role('undo', 'menu.undo'),
      role('redo', 'menu.redo'),
      sep,
      role('cut', 'menu.cut'),
      role('copy', 'menu.copy'),
      role('paste', 'menu.paste'),
      role('selectAll', 'menu.selectAll'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
    submenu: [
      ...(opts.packaged
        ? []
        : ([
            role('reload', 'menu.reload'),
            role('forceReload', 'menu.forceReload'),
            role('toggleDevTools', 'menu.devTools'),
            sep,
          ] as MenuItemConstructorOptions[])),
      role('resetZoom', 'menu.resetZoom'),
      role('zoomIn', 'menu.zoomIn'),
      role('zoomOut', 'menu.zoomOut'),
      sep,
      role('togglefullscreen', 'menu.fullScreen'),
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: t('menu.window'),
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }]
      : [role('minimize', 'menu.minimize'), role('close', 'menu.close')],
  };
  const help: MenuItemConstructorOptions = {
    label: t('menu.help'),
    role: 'help',
    submenu: [
      command('keyboard-shortcuts', t('menu.shortcuts'), 'CmdOrCtrl+/'),
      sep,
      command('open-data-folder', t('menu.openDataFolder')),
      command('open-logs-folder', t('menu.openLogsFolder')),
      ...(opts.updates ? [sep, command('check-for-updates', t('menu.checkUpdates'))] : []),
      ...(mac
        ? []
        : ([sep, { role: 'about', label: t('menu.about', { app: opts.appName }) }] as MenuItemConstructorOptions[])),
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
