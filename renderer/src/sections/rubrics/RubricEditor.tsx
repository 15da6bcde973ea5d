import { useEffect, useMemo, useState } from 'react';
import type { RubricSaveResult } from '../../../../contract/rubrics';
import { ApiError, callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import {
  blankStep,
  copyOfStep,
  duplicateDraft,
  fromDraft,
  moveItem,
  totalPoints,
  type RubricDraft,
  type StepDraft,
} from './draft';
import { exportRubricJson } from './export';
import { Field } from './fields';
import { IssueSummary } from './IssueSummary';
import { inputId, placeIssues, type PlacedIssue } from './issues';
import { RubricPreview } from './RubricPreview';
import { StepEditor } from './StepEditor';

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
  const [draft, setDraft] = useState(initial);
  const [stored, setStored] = useState(initialStored);
  const [baseline, setBaseline] = useState(() => (initialStored ? JSON.stringify(fromDraft(initial)) : ''));
  const [issues, setIssues] = useState<PlacedIssue[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState(false);
  const [failedSaves, setFailedSaves] = useState(0);

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
      setNotice(savedMessage(result, draft.version));
      const nextDraft = { ...draft, version: result.version, isNew: false };
      setDraft(nextDraft);
      setBaseline(JSON.stringify(fromDraft(nextDraft)));
      if (result.outcome !== 'unchanged')
        setStored({ version: result.version, latestVersion: result.version, builtin: false, inUse: false });
      onSaved(result);
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.issues?.length &&
        (err.name === 'InvalidRubric' || err.name === 'RubricIdTaken')
      ) {
        setIssues(placeIssues(err.issues));
        setFailedSaves((n) => n + 1);
      } else {
        setError(err);
      }
    } finally {
      setSaving(false);
    }
  }

  function duplicate() {
    setDraft(duplicateDraft(draft, `${draft.id}-copy`.slice(0, 64), `${draft.title} (copy)`));
    setStored(null);
    setBaseline('');
    setIssues([]);
    setPreview(false);
    setNotice('This is a new rubric, not saved yet: choose its id and title, then Save.');
    onDuplicated();
    // After React has made the id field editable.
    setTimeout(() => document.getElementById(inputId('id'))?.focus(), 0);
  }

  const versionLabel = draft.isNew ? 'new, not saved' : `version ${draft.version}`;
  return (
    <section className="card editor" data-testid="rubric-editor" aria-label={`Rubric editor: ${draft.id}`}>
      <header className="editor-head">
        <div>
          <h2>
            {draft.title || 'Untitled rubric'}{' '}
            <span className="muted">
              · {draft.id || 'no id'} · {versionLabel}
            </span>
          </h2>
          <p className="muted small">
            {draft.steps.length} steps · {totalPoints(draft)} points
            {stored?.builtin && <span className="badge builtin">built-in</span>}
            {stored?.inUse && <span className="badge in-use">in use by scores</span>}
            {dirty && <span className="badge unsaved">unsaved changes</span>}
          </p>
        </div>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => void save()} disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
            {preview ? 'Back to editing' : 'Preview'}
          </button>
          <button type="button" onClick={duplicate}>
            Duplicate rubric
          </button>
          <button type="button" onClick={() => exportRubricJson(fromDraft(draft), draft.id, draft.version)}>
            Export JSON
          </button>
          <button type="button" onClick={onClose}>
            Close
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
      <IssueSummary issues={issues} focusOn={failedSaves} />

      {preview ? (
        <RubricPreview draft={draft} />
      ) : (
        <>
          <div className="rubric-fields">
            <Field
              label="Rubric id"
              k="id"
              issues={issues}
              value={draft.id}
              readOnly={!draft.isNew}
              onChange={(id) => edit({ id }, ['id'])}
              hint={draft.isNew ? 'lowercase letters, digits, - or _' : 'fixed once saved'}
            />
            <Field
              label="Rubric title"
              k="title"
              issues={issues}
              value={draft.title}
              onChange={(title) => edit({ title }, ['title'])}
            />
            <Field
              label="Station"
              k="station"
              issues={issues}
              value={draft.station}
              onChange={(station) => edit({ station }, ['station'])}
            />
            <Field
              label="Description"
              k="description"
              issues={issues}
              value={draft.description}
              onChange={(description) => edit({ description }, ['description'])}
              multiline
              className="wide"
            />
            <Field
              label="Source notes"
              k="source_notes"
              issues={issues}
              value={draft.sourceNotes}
              onChange={(sourceNotes) => edit({ sourceNotes }, ['source_notes'])}
              multiline
              className="wide"
            />
          </div>
          {issues
            .filter((i) => i.key === 'steps' || i.key === 'rubric' || i.key === 'version')
            .map((i) => (
              <p key={i.path + i.message} className="field-issues">
                {i.short}
              </p>
            ))}
          <p className="muted small steps-note">
            Step ids are stored with every score: keep them stable once examiners use the rubric. Scores count in the
            agreement statistics by the default ordinal mapping unless a step sets its own.
          </p>
          <ol className="steps">
            {draft.steps.map((step, index) => (
              <StepEditor
                key={step.key}
                step={step}
                index={index}
                count={draft.steps.length}
                issues={issues}
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
            Add step
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
  if (!stored) return null;
  const notes: string[] = [];
  if (stored.inUse)
    notes.push(
      `Version ${stored.version} is used by scores, so it never changes: saving an edit stores a new version.`,
    );
  if (stored.version < stored.latestVersion) {
    notes.push(
      `This is version ${stored.version}; version ${stored.latestVersion} is newer and stays as it is: saving an edit of this one stores a new version.`,
    );
  }
  if (stored.builtin) {
    notes.push(
      'Built-in rubric: saving an edit stores a new version and the shipped one stays as it is. To make a rubric of your own, use Duplicate rubric.',
    );
  }
  if (notes.length === 0) return null;
  return (
    <div className="note" data-testid="rubric-status">
      {notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}

export function savedMessage(r: RubricSaveResult, editedVersion: number): string {
  switch (r.outcome) {
    case 'new-rubric':
      return `Saved ${r.rubric.id} as version ${r.version}.`;
    case 'updated':
      return `Saved version ${r.version} (changed in place: no score uses it yet).`;
    case 'texts-updated':
      return `Saved the translated text of version ${r.version} in place: its steps, points and scoring are unchanged.`;
    case 'unchanged':
      return `Nothing to save: version ${r.version} already has this content.`;
    case 'new-version':
      if (r.reason === 'in-use')
        return `Saved as version ${r.version} (version ${r.previousVersion} is in use by scores and stays unchanged).`;
      if (r.reason === 'builtin')
        return `Saved as version ${r.version} (version ${r.previousVersion} ships with the app and stays unchanged).`;
      return `Saved as version ${r.version} (you edited version ${editedVersion}; the newer version ${r.previousVersion} stays unchanged).`;
  }
}
