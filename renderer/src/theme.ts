import { create } from 'zustand';
import type { ThemeSetting } from '../../contract/system';

export type ResolvedTheme = 'light' | 'dark';

/** The last setting, so the next start paints in it before the settings are read (the database stays the truth). */
const CACHE_KEY = 'osce-theme';
const systemDark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

function resolve(setting: ThemeSetting): ResolvedTheme {
  return setting === 'dark' || (setting === 'system' && systemDark()) ? 'dark' : 'light';
}

function cached(): ThemeSetting {
  try {
    const v = localStorage.getItem(CACHE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

interface ThemeState {
  setting: ThemeSetting;
  resolved: ResolvedTheme;
  set(setting: ThemeSetting): void;
}

/**
 * Light or dark colours: `<html data-theme>` selects the palette in styles.css. 'System' follows
 * prefers-color-scheme, which in the app follows the OS through Electron's nativeTheme (main sets
 * nativeTheme.themeSource from the same setting, for menus and dialogs).
 */
export const useTheme = create<ThemeState>((setState, get) => ({
  setting: cached(),
  resolved: resolve(cached()),
  set: (setting) => {
    try {
      localStorage.setItem(CACHE_KEY, setting);
    } catch {
      // Storage unavailable: the setting still applies for this run.
    }
    setState({ setting, resolved: resolve(setting) });
    document.documentElement.dataset.theme = get().resolved;
  },
}));

/** Paints the cached theme before the first render, and follows the OS while the setting is 'system'. */
export function startTheme(): void {
  document.documentElement.dataset.theme = useTheme.getState().resolved;
  if (typeof matchMedia !== 'function') return;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    const { setting, set } = useTheme.getState();
    if (setting === 'system') set('system');
  });
}
