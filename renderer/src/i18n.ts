import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { create } from 'zustand';
import { I18N_OPTIONS } from '../../domain/i18n/translator';
import { resolveLocale, type LanguageSetting, type Locale } from '../../domain/i18n/locales';
import '../../domain/i18n/augment';

/** The last setting, so the next start paints in the right language before settings are read. */
const CACHE_KEY = 'osce-language';

function cached(): LanguageSetting {
  try {
    const v = localStorage.getItem(CACHE_KEY);
    return v === 'en' || v === 'zh-CN' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** What the page's environment prefers: in Electron, navigator.languages follows the OS locale. */
const preferred = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages);

interface LanguageState {
  setting: LanguageSetting;
  locale: Locale;
  set(setting: LanguageSetting): void;
}

function apply(locale: Locale): void {
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** The language of the page: the setting, or the system's for 'system'. */
export const useLanguage = create<LanguageState>((setState) => ({
  setting: cached(),
  locale: resolveLocale(cached(), preferred()),
  set: (setting) => {
    try {
      localStorage.setItem(CACHE_KEY, setting);
    } catch {
      // Storage unavailable: the setting still applies for this run.
    }
    const locale = resolveLocale(setting, preferred());
    setState({ setting, locale });
    apply(locale);
  },
}));

/** Starts i18next with every catalogue in the bundle (nothing is fetched) in the cached language. */
export function startI18n(): void {
  const locale = useLanguage.getState().locale;
  void i18next.use(initReactI18next).init({ ...I18N_OPTIONS, lng: locale, react: { useSuspense: false } });
  document.documentElement.lang = locale;
}
