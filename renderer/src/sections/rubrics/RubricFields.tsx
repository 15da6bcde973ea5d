import { useTranslation } from 'react-i18next';
import type { RubricDraft, RubricTextDraft, TextLanguage } from './draft';
import { Field } from './fields';
import type { PlacedIssue } from './issues';

interface Props {
  draft: RubricDraft;
  language: TextLanguage;
  issues: readonly PlacedIssue[];
  edit(patch: Partial<RubricDraft>, clearKeys: string[]): void;
}

/** The rubric's own fields: the id (shared) and its title, station, description and notes in the text shown. */
export function RubricFields({ draft, language, issues, edit }: Props) {
  const { t } = useTranslation('rubrics');
  const zh = language === 'zh-CN' ? draft.zh : null;
  const english = (text: string) => (zh && text.trim() ? t('texts.englishIs', { text }) : undefined);
  const editZh = (patch: Partial<RubricTextDraft>, key: string) => {
    if (zh) edit({ zh: { ...zh, ...patch } }, [key]);
  };
  return (
    <div className="rubric-fields">
      <Field
        label={t('editor.rubricId')}
        k="id"
        issues={issues}
        value={draft.id}
        readOnly={!draft.isNew}
        onChange={(id) => edit({ id }, ['id'])}
        hint={draft.isNew ? t('editor.idHintNew') : t('editor.idHintFixed')}
      />
      {zh ? (
        <>
          <Field
            label={t('editor.rubricTitle')}
            k="zh.title"
            issues={issues}
            value={zh.title}
            onChange={(title) => editZh({ title }, 'zh.title')}
            hint={english(draft.title)}
          />
          <Field
            label={t('editor.station')}
            k="zh.station"
            issues={issues}
            value={zh.station}
            onChange={(station) => editZh({ station }, 'zh.station')}
            hint={english(draft.station)}
          />
          <Field
            label={t('editor.description')}
            k="zh.description"
            issues={issues}
            value={zh.description}
            onChange={(description) => editZh({ description }, 'zh.description')}
            multiline
            className="wide"
          />
          <Field
            label={t('editor.sourceNotes')}
            k="zh.source_notes"
            issues={issues}
            value={zh.sourceNotes}
            onChange={(sourceNotes) => editZh({ sourceNotes }, 'zh.source_notes')}
            multiline
            className="wide"
          />
        </>
      ) : (
        <>
          <Field
            label={t('editor.rubricTitle')}
            k="title"
            issues={issues}
            value={draft.title}
            onChange={(title) => edit({ title }, ['title'])}
          />
          <Field
            label={t('editor.station')}
            k="station"
            issues={issues}
            value={draft.station}
            onChange={(station) => edit({ station }, ['station'])}
          />
          <Field
            label={t('editor.description')}
            k="description"
            issues={issues}
            value={draft.description}
            onChange={(description) => edit({ description }, ['description'])}
            multiline
            className="wide"
          />
          <Field
            label={t('editor.sourceNotes')}
            k="source_notes"
            issues={issues}
            value={draft.sourceNotes}
            onChange={(sourceNotes) => edit({ sourceNotes }, ['source_notes'])}
            multiline
            className="wide"
          />
        </>
      )}
    </div>
  );
}
