import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricListItem, RubricSaveResult } from '../../../../contract/rubrics';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { toDraft, type RubricDraft } from './draft';
import { RubricEditor, savedMessage, type StoredFacts } from './RubricEditor';
import { RubricImport } from './RubricImport';
import { RubricList } from './RubricList';
import './rubrics.css';

interface Opened {
  /** Remounts the editor for each rubric opened, so no state leaks from the previous one. */
  session: number;
  key: string;
  draft: RubricDraft;
  stored: StoredFacts | null;
}

export function RubricsSection() {
  const { t } = useTranslation('rubrics');
  const [rubrics, setRubrics] = useState<RubricListItem[] | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<{ id: string; version: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(() => callApi('listRubrics').then(setRubrics).catch(setError), []);
  useEffect(() => void reload(), [reload]);

  async function open(id: string, version: number) {
    setPending(null);
    setError(null);
    try {
      const stored = await callApi('getRubric', { id, version });
      setDirty(false);
      setOpened((o) => ({
        session: (o?.session ?? 0) + 1,
        key: `${id}@${stored.version}`,
        draft: toDraft(stored.rubric),
        stored: {
          version: stored.version,
          latestVersion: stored.latestVersion,
          builtin: stored.builtin,
          inUse: stored.inUse,
        },
      }));
    } catch (err) {
      setError(err);
    }
  }

  /** Opening another rubric would drop unsaved edits: ask first, in the page rather than a blocking dialog. */
  function requestOpen(id: string, version: number) {
    setMessage(null);
    if (dirty && opened) setPending({ id, version });
    else void open(id, version);
  }

  function saved(result: RubricSaveResult) {
    setOpened((o) => (o ? { ...o, key: `${result.rubric.id}@${result.version}` } : o));
    void reload();
  }

  function imported(result: RubricSaveResult, fileName: string) {
    setMessage(t('importedMessage', { file: fileName, message: savedMessage(t, result, result.version) }));
    void reload();
    if (!dirty) void open(result.rubric.id, result.version);
  }

  return (
    <div className="section rubrics-section">
      <header className="section-head">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
      </header>

      <section className="card">
        <div className="card-head">
          <h2>{t('library')}</h2>
          <RubricImport onImported={imported} />
        </div>
        {message && (
          <p className="notice" role="status" data-testid="rubrics-message">
            {message}
          </p>
        )}
        <ErrorText error={error} />
        {rubrics === null ? (
          <p className="muted">{t('loading')}</p>
        ) : (
          <RubricList rubrics={rubrics} openKey={opened?.key ?? null} onOpen={requestOpen} />
        )}
      </section>

      {pending && (
        <div className="confirm-bar" role="alertdialog" aria-label={t('unsaved.label')}>
          <span>{t('unsaved.question', { id: pending.id, version: pending.version })}</span>
          <button type="button" onClick={() => void open(pending.id, pending.version)}>
            {t('unsaved.discard')}
          </button>
          <button type="button" className="primary" onClick={() => setPending(null)}>
            {t('unsaved.keep')}
          </button>
        </div>
      )}

      {opened ? (
        <RubricEditor
          key={opened.session}
          initial={opened.draft}
          stored={opened.stored}
          onSaved={saved}
          onDirtyChange={setDirty}
          onDuplicated={() => setOpened((o) => (o ? { ...o, key: 'new' } : o))}
          onClose={() => {
            setOpened(null);
            setDirty(false);
            setPending(null);
          }}
        />
      ) : (
        <p className="muted">{t('openHint')}</p>
      )}
    </div>
  );
}
