import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewList, ReviewListItem } from '../../../contract/review';
import { callApi, newOperationId, onEvent } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorText } from '../components/ErrorText';
import { Modal } from '../components/Modal';
import { useApp } from '../store/app-store';
import { useAppCommands } from '../store/app-commands';
import { CandidateDialog } from './recordings/CandidateDialog';
import { ImportPanel } from './recordings/ImportPanel';
import { useImport } from './recordings/import-store';
import { RecordingFilters, hasFilters, NO_FILTERS, type RecordingFilterValues } from './recordings/RecordingFilters';
import { RecordingPlayer } from './recordings/RecordingPlayer';
import { RecordingsTable } from './recordings/RecordingsTable';
import { SessionsDialog } from './recordings/SessionsDialog';
import { ModelRunsCard } from './scoring/ModelRunsCard';
import { ModelScoringDialog } from './scoring/ModelScoringDialog';
import { PausedJobs } from './scoring/PausedJobs';
import './recordings/recordings.css';
import './scoring/scoring.css';

/** A command, the same in every language. */
const CLI_EXAMPLE = "osce import ./videos --station cpr --candidate-pattern '{candidate}_*'";

/** Rows fetched at once; a lab with more narrows the list with the search and filters. */
const PAGE = 1000;

type Dialog =
  | { kind: 'import' }
  | { kind: 'sessions' }
  | { kind: 'candidate'; recordings: ReviewListItem[] }
  | { kind: 'scoring'; ids: number[] };

/**
 * The recordings list first: marking status (the review's one definition), station, candidate and
 * how far the examiners are, with search and filters; import, sessions, candidates and model
 * suggestions open in dialogs, the last two from a selection of rows.
 */
export function RecordingsSection() {
  const { t } = useTranslation('recordings');
  const sessions = useApp((s) => s.sessions);
  const [list, setList] = useState<ReviewList | null>(null);
  const [filters, setFilters] = useState<RecordingFilterValues>(NO_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [playing, setPlaying] = useState<ReviewListItem | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [proxyProgress, setProxyProgress] = useState<Record<number, number>>({});
  const [checking, setChecking] = useState(false);
  const importRunning = useImport((s) => s.operationId !== null);

  const reload = useCallback(() => {
    callApi('listReviewRecordings', {
      limit: PAGE,
      ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.stationCode ? { stationCode: filters.stationCode } : {}),
      ...(filters.sessionId ? { sessionId: filters.sessionId } : {}),
    })
      .then((r) => {
        setList(r);
        setError(null);
      })
      .catch(setError);
  }, [filters]);

  useEffect(reload, [sessions, reload]);

  // Referenced originals can move while the app is closed: a quick check (sizes and times) on opening.
  const checkFiles = useCallback(
    async (hash: boolean) => {
      setChecking(true);
      try {
        await callApi('checkRecordingFiles', newOperationId(), { hash });
        reload();
      } catch (err) {
        setError(err);
      } finally {
        setChecking(false);
      }
    },
    [reload],
  );

  useEffect(() => {
    void checkFiles(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once on opening, not on every filter change
  }, []);

  useEffect(() => {
    if (!window.osce) return undefined;
    const offChanged = onEvent(
      'data-changed',
      (e) => (e.what === 'recordings' || e.what === 'marks' || e.what === 'runs') && reload(),
    );
    const offProgress = onEvent('progress', (p) => {
      if (p.kind !== 'proxy') return;
      const id = Number(p.operationId.replace('proxy-', ''));
      setProxyProgress((now) => ({ ...now, [id]: p.done }));
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [reload]);

  // File › Import recordings… (application menu): the import dialog opens its file chooser.
  const importPending = useAppCommands((s) => s.importPending);
  useEffect(() => {
    if (importPending) setDialog({ kind: 'import' });
  }, [importPending]);

  const items = useMemo(() => list?.items ?? [], [list]);
  const chosen = items.filter((r) => selected.has(r.id));
  const select = (ids: number[], on: boolean) =>
    setSelected((now) => {
      const next = new Set(now);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const empty = list !== null && list.total === 0 && !hasFilters(filters);
  return (
    <div className="section recordings-section">
      <header className="section-head recordings-top">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
        <div className="row recordings-actions">
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'import' })}>
            {t('actions.import')}
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'sessions' })}>
            {t('actions.sessions')}
          </button>
          {!empty && (
            <>
              <button type="button" onClick={() => setDialog({ kind: 'scoring', ids: [...selected] })}>
                {t('actions.scoreAll')}
              </button>
              <button
                type="button"
                onClick={() => void checkFiles(true)}
                disabled={checking}
                title={t('actions.verifyHint')}
              >
                {checking ? t('actions.verifying') : t('actions.verify')}
              </button>
            </>
          )}
        </div>
      </header>

      <ErrorText error={error} />
      {notice && (
        <p className="recordings-notice" role="status" data-testid="recordings-notice">
          {notice}
        </p>
      )}
      {empty ? (
        <EmptyState title={t('empty.title')} testId="recordings-empty">
          <ol>
            <li>{t('empty.stepSession')}</li>
            <li>
              {t('empty.stepImport')} <code>{CLI_EXAMPLE}</code>
            </li>
            <li>{t('empty.stepReview')}</li>
          </ol>
        </EmptyState>
      ) : list ? (
        <section className="card recordings-card" data-testid="recordings-card" aria-labelledby="recordings-count">
          <div className="recordings-head">
            <h2 id="recordings-count" data-testid="recordings-count">
              {list.total > items.length || hasFilters(filters)
                ? t('list.countOf', { shown: items.length, total: list.total })
                : t('list.count', { count: list.total })}
            </h2>
            <RecordingFilters value={filters} onChange={setFilters} stations={list.stations} sessions={sessions} />
          </div>
          {chosen.length > 0 && (
            <div className="selection-bar" role="group" aria-label={t('selection.label')} data-testid="selection-bar">
              <strong>{t('selection.count', { count: chosen.length })}</strong>
              <button type="button" onClick={() => setDialog({ kind: 'candidate', recordings: chosen })}>
                {t('selection.setCandidate')}
              </button>
              <button type="button" onClick={() => setDialog({ kind: 'scoring', ids: chosen.map((r) => r.id) })}>
                {t('selection.score')}
              </button>
              <button type="button" className="link" onClick={() => setSelected(new Set())}>
                {t('selection.clear')}
              </button>
            </div>
          )}
          {items.length === 0 ? (
            <p className="muted" data-testid="recordings-no-match">
              {t('list.nothingMatches')}{' '}
              <button type="button" className="link" onClick={() => setFilters(NO_FILTERS)}>
                {t('list.clearFilters')}
              </button>
            </p>
          ) : (
            <RecordingsTable
              items={items}
              proxyProgress={proxyProgress}
              selected={selected}
              onSelect={select}
              onOpen={setPlaying}
              onEditCandidate={(r) => setDialog({ kind: 'candidate', recordings: [r] })}
            />
          )}
          {list.total > items.length && !hasFilters(filters) && (
            <p className="muted small">{t('list.showingFirst', { shown: items.length })}</p>
          )}
        </section>
      ) : null}
      <PausedJobs />
      <ModelRunsCard />

      {dialog?.kind === 'import' && (
        <Modal
          title={t('import.title')}
          onClose={importRunning ? undefined : () => setDialog(null)}
          testId="import-dialog"
          wide
        >
          <ImportPanel onImported={reload} />
        </Modal>
      )}
      {dialog?.kind === 'sessions' && <SessionsDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'candidate' && (
        <CandidateDialog
          recordings={dialog.recordings}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setNotice(message);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'scoring' && <ModelScoringDialog initialIds={dialog.ids} onClose={() => setDialog(null)} />}
      {playing && (
        <RecordingPlayer
          recording={items.find((i) => i.id === playing.id) ?? playing}
          onClose={() => setPlaying(null)}
        />
      )}
    </div>
  );
}
