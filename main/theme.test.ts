import { describe, expect, it } from 'vitest';
import { applyTheme, windowBackground, WINDOW_BACKGROUND } from './theme';

describe('theme', () => {
  it('sets nativeTheme.themeSource from the setting, and follows the system for anything else', () => {
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    expect(applyTheme(theme, 'dark')).toBe('dark');
    expect(theme.themeSource).toBe('dark');
    expect(applyTheme(theme, 'light')).toBe('light');
    expect(applyTheme(theme, 'purple')).toBe('system');
    expect(applyTheme(theme, undefined)).toBe('system');
    expect(theme.themeSource).toBe('system');
  });

  it("paints the window in the page's background colour so no white flash shows", () => {
    expect(windowBackground({ shouldUseDarkColors: true })).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackground({ shouldUseDarkColors: false })).toBe(WINDOW_BACKGROUND.light);
  });
});
