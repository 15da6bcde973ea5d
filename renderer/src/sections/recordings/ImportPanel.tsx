import { useEffect, useState, type DragEvent, type FormEvent } from 'react';
import type { RubricListItem } from '../../../../contract/rubrics';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';
import { useAppCommands } from '../../store/app-commands';
import { fileNameOf } from './format';
import { useImport, type ImportInput } from './import-store';
import { ImportProgress, ImportSummary } from './ImportStatus';

type Storage = 'copy' | 'reference';

/**
 * Import: choose files or folders (native dialog) or drop them, say which station, session and
 * candidate they belong to, and watch the import with its progress and a per-file summary.
 */
export function ImportPanel({ onImported }: { onImported(): void }) {
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
  const [candidate, setCandidate] = useState('');
  const [storage, setStorage] = useState<Storage>('copy');
  const [note, setNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);

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
    const files = [...e.dataTransfer.files];
    const found = files.map((f) => ({ name: f.name, path: window.osce?.pathForFile(f) ?? '' }));
    addPaths(found.filter((f) => f.path).map((f) => f.path));
    const lost = found.filter((f) => !f.path).map((f) => f.name);
    setNote(
      lost.length
        ? `${lost.join(', ')} could not be added: the drop did not say where the file is. Use “Choose files…” instead.`
        : null,
    );
  }

  const existing = sessions.find((s) => s.name === session.trim());

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const input: ImportInput = {
      paths,
      station,
      storage,
      ...(session.trim() ? { session: session.trim() } : {}),
      ...(date ? { date } : {}),
      ...(site.trim() ? { site: site.trim() } : {}),
      ...(candidate.trim() ? { candidate: candidate.trim() } : {}),
      ...(manifest ? { manifest } : {}),
    };
    const done = await start(input);
    if (done) {
      if (done.imported.length > 0) setPaths([]);
      setManifest(null);
      await reloadSessions();
      onImported();
    }
  }

  const running = operationId !== null;
  const nothingChosen = paths.length === 0 && !manifest;
  return (
    <section className="card import-panel" aria-label="Import recordings" data-testid="import-panel">
      <h2>Import recordings</h2>
      <form onSubmit={submit} className="import-form">
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
          <p>Drop recordings or folders here, or</p>
          <div className="row">
            <button type="button" onClick={() => void choose('files')} disabled={running}>
              Choose files…
            </button>
            <button type="button" onClick={() => void choose('folder')} disabled={running}>
              Choose a folder…
            </button>
            <button
              type="button"
              onClick={() => void choose('manifest')}
              disabled={running}
              title="CSV: file,candidate,station,session,date"
            >
              Manifest (CSV)…
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
                    aria-label={`Remove ${fileNameOf(p)}`}
                    onClick={() => setPaths(paths.filter((x) => x !== p))}
                    disabled={running}
                  >
                    remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          {manifest && (
            <p className="import-manifest" title={manifest}>
              Manifest: <strong>{fileNameOf(manifest)}</strong> (its rows override the fields on the right){' '}
              <button type="button" className="link" onClick={() => setManifest(null)} disabled={running}>
                remove
              </button>
            </p>
          )}
          {note && <p className="import-note">{note}</p>}
        </div>

        <div className="import-fields">
          <label>
            Station (rubric)
            <select value={station} onChange={(e) => setStation(e.target.value)} disabled={running}>
              {rubrics.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id.toUpperCase()}: {r.title} (v{r.version})
                </option>
              ))}
            </select>
          </label>
          <label>
            Exam session
            <input
              value={session}
              onChange={(e) => setSession(e.target.value)}
              list="import-sessions"
              placeholder="e.g. Year 3 OSCE, spring"
              disabled={running}
            />
            <datalist id="import-sessions">
              {sessions.map((s) => (
                <option key={s.id} value={s.name} />
              ))}
            </datalist>
          </label>
          <label>
            Session date
            <input
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              disabled={running || Boolean(existing)}
            />
          </label>
          <label>
            Site
            <input
              value={site}
              onChange={(e) => setSite(e.target.value)}
              placeholder="Skills lab B"
              disabled={running || Boolean(existing)}
            />
          </label>
          <label>
            Candidate code
            <input
              value={candidate}
              onChange={(e) => setCandidate(e.target.value)}
              placeholder="e.g. C-017 (a pseudonym)"
              disabled={running}
            />
          </label>
          <fieldset className="import-storage" disabled={running}>
            <legend>Originals</legend>
            <label className="check">
              <input type="radio" name="storage" checked={storage === 'copy'} onChange={() => setStorage('copy')} />{' '}
              Copy into the library
            </label>
            <label className="check">
              <input
                type="radio"
                name="storage"
                checked={storage === 'reference'}
                onChange={() => setStorage('reference')}
              />{' '}
              Leave in place (reference)
            </label>
          </fieldset>
          <p className="muted import-hint">
            {existing
              ? `Adds to the existing session${existing.date ? ` of ${existing.date}` : ''}${existing.site ? ` at ${existing.site}` : ''}.`
              : session.trim()
                ? 'A new session is created with this date and site.'
                : 'Without a session name, recordings go to a session named after the date.'}
          </p>
        </div>

        <div className="import-actions">
          <button type="submit" className="primary" disabled={running || nothingChosen || !station}>
            {nothingChosen
              ? 'Import'
              : `Import ${paths.length ? `${paths.length} item${paths.length === 1 ? '' : 's'}` : 'from manifest'}`}
          </button>
        </div>
      </form>
      {running && <ImportProgress progress={progress} cancelling={cancelling} onCancel={() => void cancel()} />}
      <ErrorText error={problem ?? error} />
      {result && !running && <ImportSummary result={result} onDismiss={dismiss} />}
    </section>
  );
}
