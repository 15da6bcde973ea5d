import type { App } from 'electron';

/**
 * The languages the operating system prefers, best first. `app.getPreferredSystemLanguages()`
 * (Electron 21+) lists the user's system languages; `app.getLocale()` is the locale Chromium uses.
 * Either can be empty before the app is ready, and then the app falls back to English.
 */
export function systemLanguages(
  app: Pick<App, 'getLocale'> & Partial<Pick<App, 'getPreferredSystemLanguages'>>,
): string[] {
  const preferred = typeof app.getPreferredSystemLanguages === 'function' ? app.getPreferredSystemLanguages() : [];
  const locale = typeof app.getLocale === 'function' ? app.getLocale() : '';
  return [...preferred, ...(locale ? [locale] : [])];
}
