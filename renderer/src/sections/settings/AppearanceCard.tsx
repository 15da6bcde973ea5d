import { useTranslation } from 'react-i18next';
import type { SettingsValues, ThemeSetting } from '../../../../contract/system';
import { LANGUAGE_SETTINGS, type LanguageSetting } from '../../../../domain/i18n/locales';
import { useTheme } from '../../theme';
import { useLanguage } from '../../i18n';

const THEMES: ThemeSetting[] = ['system', 'light', 'dark'];

/** Light, dark, or whatever the operating system uses; and the language of the app and its reports. */
export function AppearanceCard({ onSave }: { onSave: (p: Partial<SettingsValues>) => void }) {
  const { t } = useTranslation();
  // The choice shows at once (the theme and language stores); the save follows.
  const { setting, set: setTheme } = useTheme();
  const language = useLanguage();
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title">{t('appearance.title')}</h2>
      <fieldset className="theme-choice">
        <legend>{t('appearance.theme')}</legend>
        {THEMES.map((value) => (
          <label key={value} className="check">
            <input
              type="radio"
              name="theme"
              value={value}
              checked={setting === value}
              onChange={() => {
                setTheme(value);
                onSave({ theme: value });
              }}
            />
            {t(`appearance.${value}`)}
            {value === 'system' && <span className="muted small">({t('appearance.systemHint')})</span>}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('appearance.language')}</span>
        <select
          data-testid="language-select"
          value={language.setting}
          onChange={(e) => {
            const value = e.target.value as LanguageSetting;
            language.set(value);
            onSave({ language: value });
          }}
        >
          {LANGUAGE_SETTINGS.map((value) => (
            <option key={value} value={value}>
              {value === 'system'
                ? t('appearance.languageSystem', { resolved: t(`language.${language.locale}`) })
                : t(`language.${value}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
