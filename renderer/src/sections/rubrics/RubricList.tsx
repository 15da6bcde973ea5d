import { useTranslation } from 'react-i18next';
import type { RubricListItem } from '../../../../contract/rubrics';
import { formatDateTime } from '../../../../domain/i18n/format';
import { localizedListWords } from '../../../../domain/rubric/texts';
import { useLanguage } from '../../i18n';

interface Props {
  rubrics: RubricListItem[];
  openKey: string | null;
  onOpen(id: string, version: number): void;
}

/** Every rubric with its versions, titled in the page's language where the rubric has a text in it. */
export function RubricList({ rubrics, openKey, onOpen }: Props) {
  const { t } = useTranslation('rubrics');
  const locale = useLanguage((s) => s.locale);
  const words = (r: RubricListItem) => localizedListWords(r, locale);
  return (
    <table className="table rubric-list" data-testid="rubric-list">
      <thead>
        <tr>
          <th scope="col">{t('list.rubric')}</th>
          <th scope="col">{t('list.station')}</th>
          <th scope="col">{t('list.steps')}</th>
          <th scope="col">{t('list.points')}</th>
          <th scope="col">{t('list.languages')}</th>
          <th scope="col">{t('list.versions')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('list.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rubrics.map((r) => (
          <tr
            key={r.id}
            data-testid={`rubric-row-${r.id}`}
            className={openKey?.startsWith(`${r.id}@`) ? 'selected' : undefined}
          >
            <td>
              <div className="rubric-title">
                {words(r).title}
                {r.builtin && <span className="badge builtin">{t('list.builtin')}</span>}
              </div>
              <code>{r.id}</code>
            </td>
            <td>{words(r).station}</td>
            <td>{r.stepCount}</td>
            <td>{r.totalPoints}</td>
            <td>{[t('languageNames.en'), ...(r.texts['zh-CN'] ? [t('languageNames.zhCN')] : [])].join(' · ')}</td>
            <td>
              <div className="version-chips">
                {r.versions.map((v) => {
                  const tip = { title: v.title, date: formatDateTime(v.createdAt, locale) };
                  return (
                    <button
                      key={v.version}
                      type="button"
                      className={`chip${openKey === `${r.id}@${v.version}` ? ' active' : ''}`}
                      onClick={() => onOpen(r.id, v.version)}
                      title={v.inUse ? t('list.versionTipInUse', tip) : t('list.versionTip', tip)}
                    >
                      {/* The name reads "Open cpr v1 built-in": the visible text, after what the button does. */}
                      <span className="visually-hidden">{t('list.openRubric', { id: r.id })} </span>
                      {t('list.versionChip', { version: v.version })}
                      {v.builtin && <span className="chip-tag">{t('list.builtin')}</span>}
                      {v.inUse && <span className="chip-tag in-use">{t('list.inUse')}</span>}
                    </button>
                  );
                })}
              </div>
            </td>
            <td>
              <button
                type="button"
                onClick={() => onOpen(r.id, r.version)}
                aria-label={t('list.openRubric', { id: r.id })}
              >
                {t('list.open')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
