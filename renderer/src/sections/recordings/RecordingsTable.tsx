import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ReviewListItem } from '../../../../contract/review';
import { mediaUrl } from '../../api/client';
import { formatDuration } from './format';

/** How the recording plays in the app; a proxy is an H.264 copy made for codecs Chromium lacks. */
function playback(
  r: ReviewListItem,
  proxyPercent: number | undefined,
  t: TFunction<'recordings'>,
): { text: string; tone: string; title?: string } {
  switch (r.proxyStatus) {
    case 'not_needed':
      return { text: t('playback.asIs'), tone: 'ok' };
    case 'ready':
      return { text: t('playback.ready'), tone: 'ok', title: t('playback.readyHint', { codec: r.videoCodec }) };
    case 'pending':
      return {
        text:
          proxyPercent !== undefined ? t('playback.pendingPercent', { percent: proxyPercent }) : t('playback.pending'),
        tone: 'wait',
      };
    case 'failed':
      return { text: t('playback.failed'), tone: 'bad', title: r.proxyError ?? undefined };
  }
}

function Examiners({ r }: { r: ReviewListItem }) {
  const { t } = useTranslation('recordings');
  const { submitted, inProgress } = r.examiners;
  if (submitted === 0 && inProgress === 0) return <span className="muted">{t('table.noExaminers')}</span>;
  return (
    <span data-testid="recording-examiners">
      {[
        submitted > 0 ? t('table.examinersDone', { count: submitted }) : '',
        inProgress > 0 ? t('table.examinersMarking', { count: inProgress }) : '',
      ]
        .filter(Boolean)
        .join(' · ')}
    </span>
  );
}

/**
 * The recordings list: a checkbox per row for acting on several at once (candidate, model
 * suggestions), the marking status, station, candidate (editable) and how far the examiners are.
 */
export function RecordingsTable({
  items,
  proxyProgress,
  selected,
  onSelect,
  onOpen,
  onEditCandidate,
}: {
  items: ReviewListItem[];
  proxyProgress: Record<number, number>;
  selected: ReadonlySet<number>;
  onSelect(ids: number[], on: boolean): void;
  onOpen(recording: ReviewListItem): void;
  onEditCandidate(recording: ReviewListItem): void;
}) {
  const { t } = useTranslation('recordings');
  const allOn = items.length > 0 && items.every((r) => selected.has(r.id));
  return (
    <div className="recordings-scroll" tabIndex={0} role="region" aria-label={t('list.count', { count: items.length })}>
      <table className="table recordings-table" data-testid="recordings-table">
        <thead>
          <tr>
            <th className="select-cell">
              <input
                type="checkbox"
                aria-label={t('table.selectAll')}
                checked={allOn}
                onChange={(e) =>
                  onSelect(
                    items.map((r) => r.id),
                    e.target.checked,
                  )
                }
              />
            </th>
            <th>
              <span className="visually-hidden">{t('table.preview')}</span>
            </th>
            <th>{t('table.status')}</th>
            <th>{t('table.candidate')}</th>
            <th>{t('table.station')}</th>
            <th>{t('table.session')}</th>
            <th>{t('table.examiners')}</th>
            <th>{t('table.duration')}</th>
            <th>{t('table.playback')}</th>
            <th>{t('table.file')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => {
            const play = playback(r, proxyProgress[r.id], t);
            return (
              <tr key={r.id} data-testid={`recording-row-${r.id}`} className={selected.has(r.id) ? 'selected' : ''}>
                <td className="select-cell">
                  <input
                    type="checkbox"
                    aria-label={t('table.selectRow', { name: r.fileName })}
                    checked={selected.has(r.id)}
                    onChange={(e) => onSelect([r.id], e.target.checked)}
                  />
                </td>
                <td className="poster-cell">
                  <button
                    type="button"
                    className="poster-button"
                    onClick={() => onOpen(r)}
                    title={t('table.play', { name: r.fileName })}
                  >
                    {/* The name in the text, not an aria-label, so it includes what the button shows. */}
                    <span className="visually-hidden">{t('table.play', { name: r.fileName })}</span>
                    {r.posterUrlPath ? (
                      <img
                        src={mediaUrl(r.posterUrlPath)}
                        alt=""
                        className="poster"
                        loading="lazy"
                        data-testid="recording-poster"
                      />
                    ) : (
                      <span className="poster poster-none">{t('table.noPreview')}</span>
                    )}
                    <span className="poster-play" aria-hidden>
                      ▶
                    </span>
                  </button>
                </td>
                <td>
                  <span className={`status status-review-${r.status}`} data-testid="recording-status">
                    {t(`status.${r.status}`)}
                  </span>
                </td>
                <td className="candidate-cell">
                  <span data-testid="recording-candidate">
                    {r.candidateCode ?? <span className="muted">{t('table.noCandidate')}</span>}
                  </span>
                  <button
                    type="button"
                    className="link candidate-edit"
                    aria-label={t('table.editCandidate', { name: r.fileName })}
                    title={t('table.editCandidate', { name: r.fileName })}
                    onClick={() => onEditCandidate(r)}
                  >
                    ✎
                  </button>
                </td>
                <td title={`${r.rubricId} v${r.rubricVersion}`}>{r.stationCode}</td>
                <td>{r.sessionName}</td>
                <td className="nowrap-cell">
                  <Examiners r={r} />
                </td>
                <td data-testid="recording-duration">{formatDuration(r.durationS)}</td>
                <td>
                  <span className={`status status-${play.tone}`} title={play.title} data-testid="recording-playback">
                    {play.text}
                  </span>
                </td>
                <td className="file-cell" title={r.originalPath}>
                  <span className="file-name">{r.fileName}</span>
                  {r.storage === 'reference' && <span className="muted"> {t('table.inPlace')}</span>}
                  {r.fileStatus !== 'ok' && (
                    <span
                      className="status status-bad"
                      title={t(`fileStatus.${r.fileStatus}Hint`)}
                      data-testid="recording-file-status"
                    >
                      {t(`fileStatus.${r.fileStatus}`)}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
