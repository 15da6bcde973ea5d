import { useEffect, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricListItem } from '../../../../contract/rubrics';
import { candidatePatternProblem } from '../../../../domain/recording/candidate-pattern';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';
import { useAppCommands } from '../../store/app-commands';
import { CandidateCodes, codeFor, useImportFiles, type CandidateChoice } from './CandidateCodes';
import { fileNameOf } from './format';
import { useImport, type ImportInput } from './import-store';
import { ImportProgress, ImportSummary } from './ImportStatus';

type Storage = 'copy' | 'reference';

/**
 * Import: choose files or folders (native dialog) or drop them, say which station and session
 * they belong to and each file's candidate, and watch the import with its progress and a per-file summary.
 */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useTranslation('recordings');
  const sessions = useApp((s) => s.sessions);
  const reloadSessions = useApp((s) => s.reloadSessions);
  const { operationId, progress, cancelling, result, error, start, cancel, dismiss } = useImport();
  const [paths, setPaths] = useState<string[]>([]);
  const [manifest, setManifest] = useState<string | null>(null);
  const [rubrics, setRubrics] = useState<RubricListItem[]>([]);
  const [station, setStation] = useState('');
  const [session, setSession] = useState('');
  const [date, setDate] = useState('');
  const [site, setSite] = useState('');
  const [candidates, setCandidates] = useState<CandidateChoice>({ pattern: '', typed: {} });
  const [storage, setStorage] = useState<Storage>('copy');
  const [note, setNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const files = useImportFiles(paths);

  useEffect(() => {
    callApi('listRubrics')
      .then((list) => {
        setRubrics(list);
        setStation((current) => current || (list.find((r) => r.id === 'cpr') ?? list[0])?.id || '');
      })
      .catch(setProblem);
    callApi('getSettings')
      .then((s) => setStorage(s.copyOriginals ? 'copy' : 'reference'))
      .catch(setProblem);
  }, []);

  // File › Import recordings… (application menu) opens the same chooser as the button.
  const importPending = useAppCommands((s) => s.importPending);
  useEffect(() => {
    if (!importPending || operationId) return;
    useAppCommands.setState({ importPending: false });
    void choose('files');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when a menu command arrives, not when choose is redefined
  }, [importPending, operationId]);

  const addPaths = (more: string[]) => setPaths((now) => [...now, ...more.filter((p) => !now.includes(p))]);

  async function choose(kind: 'files' | 'folder' | 'manifest') {
    setProblem(null);
    try {
      const chosen = await callApi('chooseImportPaths', { kind });
      if (kind === 'manifest') setManifest(chosen[0] ?? manifest);
      else addPaths(chosen);
    } catch (err) {
      setProblem(err);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const dropped = [...e.dataTransfer.files];
    const found = dropped.map((f) => ({ name: f.name, path: window.osce?.pathForFile(f) ?? '' }));
    addPaths(found.filter((f) => f.path).map((f) => f.path));
    const lost = found.filter((f) => !f.path).map((f) => f.name);
    setNote(lost.length ? t('import.dropLost', { names: lost.join(', ') }) : null);
  }

  const existing = sessions.find((s) => s.name === session.trim());
  const existingHint = !existing
    ? null
    : existing.date && existing.site
      ? t('import.addsToOnAt', { date: existing.date, site: existing.site })
      : existing.date
        ? t('import.addsToOn', { date: existing.date })
        : existing.site
          ? t('import.addsToAt', { site: existing.site })
          : t('import.addsTo');
  const patternOk = candidates.pattern.trim() !== '' && candidatePatternProblem(candidates.pattern) === null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    // What the preview shows is what is sent: each file's code, typed or read by the pattern.
    const perFile = (files ?? [])
      .map((path) => ({ path, candidate: codeFor(candidates, path).code.trim() }))
      .filter((c) => c.candidate !== '');
    const input: ImportInput = {
      paths,
      station,
      storage,
      ...(session.trim() ? { session: session.trim() } : {}),
      ...(date ? { date } : {}),
      ...(site.trim() ? { site: site.trim() } : {}),
      ...(patternOk ? { candidatePattern: candidates.pattern } : {}),
      ...(perFile.length ? { candidates: perFile } : {}),
      ...(manifest ? { manifest } : {}),
    };
    const done = await start(input);
    if (done) {
      if (done.imported.length > 0) {
        setPaths([]);
        setCandidates({ pattern: candidates.pattern, typed: {} });
      }
      setManifest(null);
      await reloadSessions();
      onImported();
    }
  }

  const running = operationId !== null;
  const nothingChosen = paths.length === 0 && !manifest;
  return (
    <div className="import-panel" data-testid="import-panel">
      <form onSubmit={submit} className="import-form" aria-label={t('import.title')}>
        <div
          className={dragging ? 'import-drop dragging' : 'import-drop'}
          data-testid="import-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t('import.drop')}</p>
          <div className="row">
            <button type="button" onClick={() => void choose('files')} disabled={running}>
              {t('import.chooseFiles')}
            </button>
            <button type="button" onClick={() => void choose('folder')} disabled={running}>
              {t('import.chooseFolder')}
            </button>
            <button
              type="button"
              onClick={() => void choose('manifest')}
              disabled={running}
              title={t('import.manifestHint')}
            >
              {t('import.manifest')}
            </button>
          </div>
          {paths.length > 0 && (
            <ul className="import-chosen" data-testid="import-chosen">
              {paths.map((p) => (
                <li key={p} title={p}>
                  <span>{fileNameOf(p)}</span>
                  <button
                    type="button"
                    className="link"
                    aria-label={t('import.removeFile', { name: fileNameOf(p) })}
                    onClick={() => setPaths(paths.filter((x) => x !== p))}
                    disabled={running}
                  >
                    {t('import.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {manifest && (
            <p className="import-manifest" title={manifest}>
              {t('import.manifestChosen')} <strong>{fileNameOf(manifest)}</strong> {t('import.manifestOverrides')}{' '}
              <button type="button" className="link" onClick={() => setManifest(null)} disabled={running}>
                {t('import.remove')}
              </button>
            </p>
          )}
          {note && <p className="import-note">{note}</p>}
        </div>

        <div className="import-fields">
          <label>
            {t('import.station')}
            <select value={station} onChange={(e) => setStation(e.target.value)} disabled={running}>
              {rubrics.map((r) => (
                <option key={r.id} value={r.id}>
                  {t('import.stationOption', { code: r.id.toUpperCase(), title: r.title, version: r.version })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('import.session')}
            <input
              value={session}
              onChange={(e) => setSession(e.target.value)}
              list="import-sessions"
              placeholder={t('import.sessionPlaceholder')}
              disabled={running}
            />
            <datalist id="import-sessions">
              {sessions.map((s) => (
                <option key={s.id} value={s.name} />
              ))}
            </datalist>
          </label>
          <label>
            {t('import.date')}
            <input
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              disabled={running || Boolean(existing)}
            />
          </label>
          <label>
            {t('import.site')}
            <input
              value={site}
              onChange={(e) => setSite(e.target.value)}
              placeholder={t('import.sitePlaceholder')}
              disabled={running || Boolean(existing)}
            />
          </label>
          <fieldset className="import-storage" disabled={running}>
            <legend>{t('import.originals')}</legend>
            <label className="check">
              <input type="radio" name="storage" checked={storage === 'copy'} onChange={() => setStorage('copy')} />{' '}
              {t('import.copy')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="storage"
                checked={storage === 'reference'}
                onChange={() => setStorage('reference')}
              />{' '}
              {t('import.reference')}
            </label>
          </fieldset>
          <p className="muted import-hint">
            {existingHint ?? (session.trim() ? t('import.newSession') : t('import.noSession'))}
          </p>
        </div>

        <CandidateCodes
          files={files}
          choice={candidates}
          onChange={setCandidates}
          disabled={running}
          manifest={Boolean(manifest)}
        />

        <div className="import-actions">
          <button type="submit" className="primary" disabled={running || nothingChosen || !station}>
            {nothingChosen
              ? t('import.submit')
              : paths.length
                ? t('import.submitItems', { count: paths.length })
                : t('import.submitManifest')}
          </button>
        </div>
      </form>
      {running && <ImportProgress progress={progress} cancelling={cancelling} onCancel={() => void cancel()} />}
      <ErrorText error={problem ?? error} />
      {result && !running && <ImportSummary result={result} onDismiss={dismiss} />}
    </div>
  );
}
