import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RecordingStatusName } from '../../../../contract/reports';
import { REVIEW_STATUSES, type ReviewListItem } from '../../../../contract/review';
import { formatNumber } from '../../../../domain/i18n/format';
import { callApi } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { SessionSelect } from '../../components/SessionSelect';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';
import { useReview, type QueueFilter } from '../../store/review-store';
import { isTypingTarget, ownsKey } from './shortcuts';
import { SpansImport } from './SpansImport';

/** Rows fetched per request; the list asks only for the pages that scroll into view. */
const PAGE = 200;
const ROW_HEIGHT = 44;
const fmtDuration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/**
 * The review queue: filters, search and a virtualised list that stays fast with 10,000 recordings.
 * Each row is reached with Tab and opens with Enter or Space; j/k and the arrows move between rows.
 */
export function RecordingQueue() {
  const { t } = useTranslation('review');
  const locale = useLanguage((s) => s.locale);
  const { examiner, filter, setFilter, open } = useReview();
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, ReviewListItem[]>>(new Map());
  const [stations, setStations] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState(0);
  // The page-wide key handler is registered again after each render, which comes after the paint:
  // keys pressed in between (j, j, Enter on a busy machine) must see the selection they made.
  const selectedNow = useRef(selected);
  selectedNow.current = selected;
  const [search, setSearch] = useState(filter.search ?? '');
  // Bumped after spans are imported, so the list (and its spans column) is read again.
  const [reloads, setReloads] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  // Answers to an older filter are dropped: typing fast must not show a stale page.
  const generation = useRef(0);
  const requested = useRef(new Set<number>());

  const change = useCallback(
    (patch: Partial<QueueFilter>) => {
      const next: QueueFilter = { ...filter, ...patch };
      for (const k of Object.keys(next) as (keyof QueueFilter)[])
        if (next[k] === undefined || next[k] === '') delete next[k];
      setFilter(next);
    },
    [filter, setFilter],
  );

  // Search applies a moment after typing stops, not on every key.
  useEffect(() => {
    if (search === (filter.search ?? '')) return;
    const timer = setTimeout(() => change({ search: search || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search, filter.search, change]);

  const loadPage = useCallback(
    async (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const gen = generation.current;
      try {
        const res = await callApi('listReviewRecordings', {
          ...filter,
          ...(examiner ? { examinerId: examiner.id } : {}),
          limit: PAGE,
          offset: page * PAGE,
        });
        if (gen !== generation.current) return;
        setTotal(res.total);
        setStations(res.stations);
        setPages((old) => new Map(old).set(page, res.items));
      } catch (err) {
        requested.current.delete(page);
        setError(err);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloads only asks for a fresh read
    [filter, examiner, reloads],
  );

  useEffect(() => {
    generation.current++;
    requested.current = new Set();
    pendingOpen.current = null;
    setPages(new Map());
    setSelected(0);
    setError(null);
    void loadPage(0);
  }, [loadPage]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) void loadPage(p);
  }, [first, last, loadPage]);

  const itemAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  // A row opened (Enter, Space, a click) while its page was still being read, as just after a
  // filter or examiner change, opens once it arrives, unless another row was chosen meanwhile.
  const pendingOpen = useRef<number | null>(null);
  const openRow = (index: number) => {
    const item = itemAt(index);
    if (item && examiner) {
      pendingOpen.current = null;
      void open(item.id);
    } else pendingOpen.current = index;
  };
  useEffect(() => {
    if (pendingOpen.current !== null && itemAt(pendingOpen.current)) openRow(pendingOpen.current);
  });

  /** Selects a row and, when asked, moves the keyboard focus to it (once it is rendered). */
  const select = (index: number, focus: boolean) => {
    if (!total) return;
    const next = Math.max(0, Math.min(total - 1, index));
    if (next !== pendingOpen.current) pendingOpen.current = null;
    selectedNow.current = next;
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    if (focus)
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus({ preventScroll: true }),
      );
  };

  // Page-wide keys only while nothing in particular has the focus: "/" searches, j/k pick a row, Enter opens it.
  // A focused button, field or row keeps its own keys (issue 14: Enter on "Switch examiner" must press it).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target) || ownsKey(e.target, e.key)) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('button, a[href], select, [role="option"], [role="dialog"]')) return;
      if (e.key === '/') {
        e.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (!total) return;
      const move = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (move) {
        e.preventDefault();
        select(selectedNow.current + move, true);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        openRow(selectedNow.current);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  /** Keys on a focused row: Enter or Space opens it, j/k, arrows, Home and End move the focus. */
  const onRowKey = (e: ReactKeyboardEvent<HTMLDivElement>, index: number) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const moves: Record<string, number> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openRow(index);
    } else if (moves[e.key]) {
      e.preventDefault();
      select(index + moves[e.key]!, true);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      select(e.key === 'Home' ? 0 : (total ?? 1) - 1, true);
    } else if (e.key === '/') {
      e.preventDefault();
      searchBox.current?.focus();
    }
  };

  return (
    <div className="queue">
      <div className="queue-filters card" role="search">
        <SessionSelect value={filter.sessionId} onChange={(sessionId) => change({ sessionId })} />
        <label>
          {t('queue.station')}
          <select
            aria-label={t('queue.station')}
            value={filter.stationCode ?? ''}
            onChange={(e) => change({ stationCode: e.target.value || undefined })}
          >
            <option value="">{t('queue.allStations')}</option>
            {stations.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('queue.candidate')}
          <input
            aria-label={t('queue.candidate')}
            value={filter.candidate ?? ''}
            placeholder={t('queue.candidatePlaceholder')}
            onChange={(e) => change({ candidate: e.target.value || undefined })}
          />
        </label>
        <label>
          {t('queue.status')}
          <select
            aria-label={t('queue.status')}
            value={filter.status ?? ''}
            onChange={(e) => change({ status: (e.target.value || undefined) as RecordingStatusName | undefined })}
          >
            <option value="">{t('queue.anyStatus')}</option>
            {REVIEW_STATUSES.map((k) => (
              <option key={k} value={k}>
                {t(`status.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {t('queue.search')}
          <input
            ref={searchBox}
            aria-label={t('queue.searchLabel')}
            type="search"
            value={search}
            placeholder={t('queue.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </div>
      <SpansImport examiner={examiner} onImported={() => setReloads((n) => n + 1)} />
      <ErrorText error={error} />
      {!examiner && total ? <p className="muted">{t('queue.pickExaminer')}</p> : null}
      {total === 0 ? (
        <EmptyState
          title={Object.keys(filter).length ? t('queue.noMatch') : t('queue.nothingYet')}
          testId="review-empty"
        >
          <p>{t('queue.emptyHint')}</p>
        </EmptyState>
      ) : (
        <div className="queue-list card">
          <div className="queue-row queue-header" aria-hidden>
            <span>{t('queue.columns.candidate')}</span>
            <span>{t('queue.columns.station')}</span>
            <span>{t('queue.columns.session')}</span>
            <span>{t('queue.columns.file')}</span>
            <span>{t('queue.columns.duration')}</span>
            <span>{t('queue.columns.status')}</span>
            <span>{t('queue.columns.yourMarking')}</span>
            <span title={t('queue.columns.spansTitle')}>{t('queue.columns.spans')}</span>
          </div>
          <div className="queue-count muted" data-testid="queue-count">
            {total === null
              ? t('queue.loading')
              : t('queue.count', { count: total, formatted: formatNumber(total, locale) })}
          </div>
          <div
            ref={scroller}
            className="queue-scroll"
            data-testid="recording-queue"
            role="listbox"
            aria-label={t('queue.listLabel')}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {rows.map((v) => {
                const item = itemAt(v.index);
                return (
                  <div
                    key={v.key}
                    data-index={v.index}
                    role="option"
                    tabIndex={0}
                    aria-selected={v.index === selected}
                    className={v.index === selected ? 'queue-row selected' : 'queue-row'}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${v.start}px)`,
                    }}
                    data-testid={item ? `queue-row-${item.id}` : undefined}
                    onFocus={() => setSelected(v.index)}
                    onKeyDown={(e) => onRowKey(e, v.index)}
                    onClick={() => openRow(v.index)}
                  >
                    {item ? (
                      <>
                        <span className="strong">{item.candidateCode ?? '—'}</span>
                        <span>{item.stationCode}</span>
                        <span>{item.sessionName}</span>
                        <span className="file" title={item.fileName}>
                          {item.fileName}
                        </span>
                        <span>{fmtDuration(item.durationS)}</span>
                        <span>
                          <span className={`status-badge ${item.status}`}>{t(`status.${item.status}`)}</span>
                        </span>
                        <span className="muted">
                          {item.myMarking === 'not_started' ? '' : t(`queue.myMarking.${item.myMarking}`)}
                        </span>
                        <span
                          className={item.spans.marked >= item.spans.steps ? 'spans complete' : 'spans'}
                          data-testid="queue-spans"
                          title={t('queue.spansTitle')}
                        >
                          {item.spans.marked}/{item.spans.steps}
                        </span>
                      </>
                    ) : (
                      <span className="muted">…</span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
