/**
 * Light and dark: the Appearance setting (System, Light, Dark) sets nativeTheme.themeSource, which
 * Electron applies to native menus and dialogs and to `prefers-color-scheme` in the page, so the
 * renderer's CSS follows with no message of its own. The window background matches, so no white
 * flash shows before a dark page paints.
 */
import type { NativeTheme } from 'electron';
import type { ThemeSetting } from '../contract/system';

/** The page's --bg in each theme (renderer/src/styles.css). */
export const WINDOW_BACKGROUND = { light: '#f5f6f8', dark: '#14181f' } as const;

function isThemeSetting(value: unknown): value is ThemeSetting {
  return value === 'system' || value === 'light' || value === 'dark';
}

export function windowBackground(theme: Pick<NativeTheme, 'shouldUseDarkColors'>): string {
  return theme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}

/** Applies the setting; an unknown value (an older database) means following the system. */
export function applyTheme(theme: Pick<NativeTheme, 'themeSource'>, setting: unknown): ThemeSetting {
  const source = isThemeSetting(setting) ? setting : 'system';
  if (theme.themeSource !== source) theme.themeSource = source;
  return source;
}
