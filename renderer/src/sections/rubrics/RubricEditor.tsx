import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RubricSaveResult } from '../../../../contract/rubrics';
import { ApiError, callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';
import {
  blankRubricText,
  blankStep,
  copyOfStep,
  duplicateDraft,
  fromDraft,
  moveItem,
  totalPoints,
  type RubricDraft,
  type StepDraft,
  type TextLanguage,
} from './draft';
import { exportRubricJson } from './export';
import { IssueSummary } from './IssueSummary';
import { inputId, isChineseKey, placeIssues, type PlacedIssue } from './issues';
import { RubricFields } from './RubricFields';
import { RubricPreview } from './RubricPreview';
import { StepEditor } from './StepEditor';
import { TextLanguageSwitch } from './TextLanguageSwitch';

/** What the editor knows about the stored version it opened; null for a rubric not saved yet. */
export interface StoredFacts {
  version: number;
  latestVersion: number;
  builtin: boolean;
  inUse: boolean;
}

interface Props {
  initial: RubricDraft;
  stored: StoredFacts | null;
  onSaved(result: RubricSaveResult): void;
  onDirtyChange(dirty: boolean): void;
  /** The editor now holds an unsaved copy, no longer the version it opened. */
  onDuplicated(): void;
  onClose(): void;
}

export function RubricEditor({ initial, stored: initialStored, onSaved, onDirtyChange, onDuplicated, onClose }: Props) {
  const { t } = useTranslation('rubrics');
  const locale = useLanguage((s) => s.locale);
  const [draft, setDraft] = useState(initial);
  const [stored, setStored] = useState(initialStored);
  const [baseline, setBaseline] = useState(() => (initialStored ? JSON.stringify(fromDraft(initial)) : ''));
  const [issues, setIssues] = useState<PlacedIssue[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState(false);
  const [failedSaves, setFailedSaves] = useState(0);
  // The rubric's words open in the page's language; the switch shows the other text.
  const [language, setLanguage] = useState<TextLanguage>(locale === 'zh-CN' ? 'zh-CN' : 'en');

  const dirty = useMemo(() => JSON.stringify(fromDraft(draft)) !== baseline, [draft, baseline]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  /** An edited field's old problems no longer apply; a step moved, added or removed shifts every index. */
  const edit = (patch: Partial<RubricDraft>, clearKeys?: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    setIssues((list) =>
      clearKeys ? list.filter((i) => !clearKeys.includes(i.key)) : list.filter((i) => !i.key.startsWith('steps')),
    );
    setNotice(null);
  };
  const setSteps = (steps: StepDraft[]) => edit({ steps });
  const changeStep = (index: number, patch: Partial<StepDraft>) => {
    const keys = Object.keys(patch).map((f) => `steps.${index}.${STEP_FIELD_KEYS[f] ?? f}`);
    setDraft((d) => ({ ...d, steps: d.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
    setIssues((list) => list.filter((i) => !keys.some((k) => i.key === k || i.key.startsWith(`${k}.`))));
    setNotice(null);
  };

  async function save() {
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      const result = await callApi('saveRubric', { rubric: fromDraft(draft), ...(draft.isNew ? { asNew: true } : {}) });
      setIssues([]);
      setNotice(savedMessage(t, result, draft.version));
      const nextDraft = { ...draft, version: result.version, isNew: false };
      setDraft(nextDraft);
      setBaseline(JSON.stringify(fromDraft(nextDraft)));
      if (result.outcome === 'texts-updated') setStored((s) => (s ? { ...s, version: result.version } : s));
      else if (result.outcome !== 'unchanged')
        setStored({ version: result.version, latestVersion: result.version, builtin: false, inUse: false });
      onSaved(result);
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.issues?.length &&
        (err.name === 'InvalidRubric' || err.name === 'RubricIdTaken')
      ) {
        const placed = placeIssues(
          err.issues,
          draft.steps.map((s) => s.id.trim()),
        );
        setIssues(placed);
        // Problems only in the text not shown: show that text, so the fields named are on screen.
        if (placed.length > 0 && placed.every((i) => isChineseKey(i.key))) setLanguage('zh-CN');
        else if (placed.length > 0 && placed.every((i) => !isChineseKey(i.key))) setLanguage('en');
        setFailedSaves((n) => n + 1);
      } else {
        setError(err);
      }
    } finally {
      setSaving(false);
    }
  }

  function duplicate() {
    setDraft(
      duplicateDraft(
        draft,
        `${draft.id}-copy`.slice(0, 64),
        t('editor.copyTitle', { title: draft.title }),
        t('editor.duplicatedFrom', { id: draft.id, version: draft.version }),
      ),
    );
    setStored(null);
    setBaseline('');
    setIssues([]);
    setPreview(false);
    setNotice(t('editor.duplicatedNotice'));
    onDuplicated();
    // After React has made the id field editable.
    setTimeout(() => document.getElementById(inputId('id'))?.focus(), 0);
  }

  const title = language === 'zh-CN' && draft.zh?.title ? draft.zh.title : draft.title;
  const versionLabel = draft.isNew ? t('editor.newVersion') : t('editor.version', { version: draft.version });
  const stepProblems = issues.filter((i) => ['steps', 'rubric', 'version', 'zh', 'zh.steps'].includes(i.key));
  return (
    <section className="card editor" data-testid="rubric-editor" aria-label={t('editor.label', { id: draft.id })}>
      <header className="editor-head">
        <div>
          <h2>
            {title || t('editor.untitled')}{' '}
            <span className="muted">
              · {draft.id || t('editor.noId')} · {versionLabel}
            </span>
          </h2>
          <p className="muted small">
            {t('editor.summary', { count: draft.steps.length, points: totalPoints(draft) })}
            {stored?.builtin && <span className="badge builtin">{t('editor.badgeBuiltin')}</span>}
            {stored?.inUse && <span className="badge in-use">{t('editor.badgeInUse')}</span>}
            {dirty && <span className="badge unsaved">{t('editor.badgeUnsaved')}</span>}
          </p>
        </div>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => void save()} disabled={saving}>
            {saving ? t('editor.saving') : t('editor.save')}
          </button>
          <button type="button" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
            {preview ? t('editor.backToEditing') : t('editor.preview')}
          </button>
          <button type="button" onClick={duplicate}>
            {t('editor.duplicate')}
          </button>
          <button type="button" onClick={() => exportRubricJson(fromDraft(draft), draft.id, draft.version)}>
            {t('editor.exportJson')}
          </button>
          <button type="button" onClick={onClose}>
            {t('editor.close')}
          </button>
        </div>
        {/* In the sticky header, so the outcome of Save is seen wherever the user scrolled to. */}
        {notice && (
          <p className="notice" role="status" data-testid="rubric-notice">
            {notice}
          </p>
        )}
      </header>

      <StatusNote stored={stored} />
      <ErrorText error={error} />
      <IssueSummary
        issues={issues}
        focusOn={failedSaves}
        onReveal={(key) => {
          setPreview(false);
          setLanguage(isChineseKey(key) ? 'zh-CN' : 'en');
        }}
      />
      <TextLanguageSwitch
        language={language}
        onChange={setLanguage}
        hasChinese={draft.zh !== null}
        onAddChinese={() => edit({ zh: blankRubricText() }, [])}
        onRemoveChinese={() => {
          edit({ zh: null }, []);
          setIssues((list) => list.filter((i) => !isChineseKey(i.key)));
          setLanguage('en');
        }}
      />

      {preview ? (
        <RubricPreview draft={draft} language={language} />
      ) : language === 'zh-CN' && !draft.zh ? null : (
        <>
          <RubricFields draft={draft} language={language} issues={issues} edit={edit} />
          {stepProblems.map((i) => (
            <p key={i.path + i.message} className="field-issues">
              {i.short}
            </p>
          ))}
          <p className="muted small steps-note">{t('editor.stepsNote')}</p>
          <ol className="steps">
            {draft.steps.map((step, index) => (
              <StepEditor
                key={step.key}
                step={step}
                index={index}
                count={draft.steps.length}
                issues={issues}
                language={language}
                onChange={(patch) => changeStep(index, patch)}
                onMove={(delta) => setSteps(moveItem(draft.steps, index, delta))}
                onDuplicate={() =>
                  setSteps([
                    ...draft.steps.slice(0, index + 1),
                    copyOfStep(draft, index),
                    ...draft.steps.slice(index + 1),
                  ])
                }
                onDelete={() => setSteps(draft.steps.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          <button type="button" onClick={() => setSteps([...draft.steps, blankStep(draft)])}>
            {t('editor.addStep')}
          </button>
        </>
      )}
    </section>
  );
}

/** Draft field names -> the rubric JSON names the backend's paths use. */
const STEP_FIELD_KEYS: Record<string, string> = {
  maxPoints: 'max_points',
  allowedScores: 'allowed_scores',
  deductions: 'typical_deductions',
  categoryMap: 'category_map',
};

function StatusNote({ stored }: { stored: StoredFacts | null }) {
  const { t } = useTranslation('rubrics');
  if (!stored) return null;
  const notes: string[] = [];
  if (stored.inUse) notes.push(t('status.inUse', { version: stored.version }));
  if (stored.version < stored.latestVersion) {
    notes.push(t('status.older', { version: stored.version, latest: stored.latestVersion }));
  }
  if (stored.builtin) notes.push(t('status.builtin'));
  if (notes.length === 0) return null;
  return (
    <div className="note" data-testid="rubric-status">
      {notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}

export function savedMessage(t: TFunction<'rubrics'>, r: RubricSaveResult, editedVersion: number): string {
  const v = { id: r.rubric.id, version: r.version, previous: r.previousVersion ?? 0, edited: editedVersion };
  switch (r.outcome) {
    case 'new-rubric':
      return t('saved.newRubric', v);
    case 'updated':
      return t('saved.updated', v);
    case 'texts-updated':
      return t('saved.textsUpdated', v);
    case 'unchanged':
      return t('saved.unchanged', v);
    case 'new-version':
      if (r.reason === 'in-use') return t('saved.inUse', v);
      if (r.reason === 'builtin') return t('saved.builtin', v);
      return t('saved.older', v);
  }
}
