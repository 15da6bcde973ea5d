/** The languages the app, its reports and its feedback are written in. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** What the user chose in Settings: a language, or whatever the operating system prefers. */
export type LanguageSetting = 'system' | Locale;
export const LANGUAGE_SETTINGS: readonly LanguageSetting[] = ['system', ...LOCALES];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language to use: the setting, or for 'system' the first preferred language the app has
 * (any Chinese variant gets Simplified Chinese, the only Chinese catalogue), else English.
 */
export function resolveLocale(setting: LanguageSetting | undefined, preferred: readonly string[]): Locale {
  if (setting && setting !== 'system') return setting;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  }
  return 'en';
}
