import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RecordingStatusName } from '../../../../contract/reports';
import type { ReviewListItem } from '../../../../contract/review';
import { callApi } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { SessionSelect } from '../../components/SessionSelect';
import { ErrorText } from '../../components/ErrorText';
import { useReview, type QueueFilter } from '../../store/review-store';
import { isTypingTarget } from './shortcuts';
import { SpansImport } from './SpansImport';
import { MY_MARKING_LABELS, STATUS_LABELS } from './format';

/** Rows fetched per request; the list asks only for the pages that scroll into view. */
const PAGE = 200;
const ROW_HEIGHT = 44;
const fmtDuration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** The review queue: filters, search and a virtualised list that stays fast with 10,000 recordings. */
export function RecordingQueue() {
  const { examiner, filter, setFilter, open } = useReview();
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, ReviewListItem[]>>(new Map());
  const [stations, setStations] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState(0);
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
    const t = setTimeout(() => change({ search: search || undefined }), 250);
    return () => clearTimeout(t);
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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !isTypingTarget(e.target)) {
        e.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (isTypingTarget(e.target) || !total) return;
      const move = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (move) {
        e.preventDefault();
        const next = Math.max(0, Math.min(total - 1, selected + move));
        setSelected(next);
        virtualizer.scrollToIndex(next, { align: 'auto' });
      } else if (e.key === 'Enter') {
        const item = itemAt(selected);
        if (item) {
          e.preventDefault();
          void open(item.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="queue">
      <div className="queue-filters card" role="search">
        <SessionSelect value={filter.sessionId} onChange={(sessionId) => change({ sessionId })} />
        <label>
          Station
          <select
            aria-label="Station"
            value={filter.stationCode ?? ''}
            onChange={(e) => change({ stationCode: e.target.value || undefined })}
          >
            <option value="">All stations</option>
            {stations.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Candidate
          <input
            aria-label="Candidate"
            value={filter.candidate ?? ''}
            placeholder="code starts with…"
            onChange={(e) => change({ candidate: e.target.value || undefined })}
          />
        </label>
        <label>
          Status
          <select
            aria-label="Status"
            value={filter.status ?? ''}
            onChange={(e) => change({ status: (e.target.value || undefined) as RecordingStatusName | undefined })}
          >
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Search
          <input
            ref={searchBox}
            aria-label="Search recordings"
            type="search"
            value={search}
            placeholder="candidate, station or file name ( / )"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </div>
      <SpansImport examiner={examiner} onImported={() => setReloads((n) => n + 1)} />
      <ErrorText error={error} />
      {!examiner && total ? <p className="muted">Pick who is marking above to open a recording.</p> : null}
      {total === 0 ? (
        <EmptyState
          title={Object.keys(filter).length ? 'No recording matches these filters' : 'No recordings to mark yet'}
          testId="review-empty"
        >
          <p>Choose a recording to mark once recordings are imported (Recordings section), or clear the filters.</p>
        </EmptyState>
      ) : (
        <div className="queue-list card">
          <div className="queue-row queue-header" aria-hidden>
            <span>Candidate</span>
            <span>Station</span>
            <span>Session</span>
            <span>File</span>
            <span>Duration</span>
            <span>Status</span>
            <span>Your marking</span>
            <span title="Steps with a time span (what clip scoring sends)">Spans</span>
          </div>
          <div className="queue-count muted" data-testid="queue-count">
            {total === null ? 'Loading…' : `${total.toLocaleString('en')} recording${total === 1 ? '' : 's'}`}
          </div>
          <div
            ref={scroller}
            className="queue-scroll"
            data-testid="recording-queue"
            role="listbox"
            aria-label="Recordings to mark"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {rows.map((v) => {
                const item = itemAt(v.index);
                return (
                  <div
                    key={v.key}
                    role="option"
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
                    onClick={() => item && examiner && void open(item.id)}
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
                          <span className={`status-badge ${item.status}`}>{STATUS_LABELS[item.status]}</span>
                        </span>
                        <span className="muted">{MY_MARKING_LABELS[item.myMarking]}</span>
                        <span
                          className={item.spans.marked >= item.spans.steps ? 'spans complete' : 'spans'}
                          data-testid="queue-spans"
                          title="Steps with a time span, of the rubric's steps"
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
