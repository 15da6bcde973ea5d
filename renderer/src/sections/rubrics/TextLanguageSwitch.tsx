import { useTranslation } from 'react-i18next';
import type { TextLanguage } from './draft';

interface Props {
  language: TextLanguage;
  onChange(language: TextLanguage): void;
  hasChinese: boolean;
  onAddChinese(): void;
  onRemoveChinese(): void;
}

/**
 * Which of the rubric's two texts the editor and the preview show. Steps, ids and points are
 * shared, so switching changes only the words; a rubric without a Chinese text offers to add one.
 */
export function TextLanguageSwitch({ language, onChange, hasChinese, onAddChinese, onRemoveChinese }: Props) {
  const { t } = useTranslation('rubrics');
  const options: { value: TextLanguage; label: string }[] = [
    { value: 'en', label: t('languageNames.en') },
    { value: 'zh-CN', label: t('languageNames.zhCN') },
  ];
  return (
    <div className="text-language" data-testid="rubric-text-language">
      <fieldset className="segmented">
        <legend>{t('texts.legend')}</legend>
        {options.map((o) => (
          <label key={o.value} className={language === o.value ? 'active' : undefined}>
            <input
              type="radio"
              name="rubric-text-language"
              value={o.value}
              checked={language === o.value}
              onChange={() => onChange(o.value)}
              data-testid={`rubric-text-${o.value}`}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      <p className="muted small">{t('texts.hint')}</p>
      {language === 'zh-CN' && !hasChinese && (
        <div className="note" data-testid="rubric-no-chinese">
          <p>{t('texts.missing')}</p>
          <p className="muted small">{t('texts.noVersionNote')}</p>
          <button type="button" className="primary" onClick={onAddChinese}>
            {t('texts.add')}
          </button>
        </div>
      )}
      {language === 'zh-CN' && hasChinese && (
        <button type="button" className="link" onClick={onRemoveChinese}>
          {t('texts.remove')}
        </button>
      )}
    </div>
  );
}
