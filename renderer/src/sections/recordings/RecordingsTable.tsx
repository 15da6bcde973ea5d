import type { RecordingListItem } from '../../../../contract/recordings';
import { mediaUrl } from '../../api/client';
import { formatDuration } from './format';

/** How the recording plays in the app; a proxy is an H.264 copy made for codecs Chromium lacks. */
function playback(
  r: RecordingListItem,
  proxyPercent: number | undefined,
): { text: string; tone: string; title?: string } {
  switch (r.proxyStatus) {
    case 'not_needed':
      return { text: 'plays as is', tone: 'ok' };
    case 'ready':
      return {
        text: 'playable copy ready',
        tone: 'ok',
        title: `The original (${r.videoCodec}) does not play in the app; this H.264 copy does.`,
      };
    case 'pending':
      return { text: `making playable copy${proxyPercent !== undefined ? ` ${proxyPercent}%` : '…'}`, tone: 'wait' };
    case 'failed':
      return { text: 'playable copy failed', tone: 'bad', title: r.proxyError ?? undefined };
  }
}

const FILE_STATUS = {
  ok: null,
  missing: {
    text: 'file missing',
    title: 'The recording is not where it was imported from: reconnect the drive or move it back.',
  },
  changed: {
    text: 'file changed',
    title: 'The file at this path changed after it was imported: it is no longer the recording that was marked.',
  },
} as const;

export function RecordingsTable({
  items,
  proxyProgress,
  onOpen,
}: {
  items: RecordingListItem[];
  proxyProgress: Record<number, number>;
  onOpen(recording: RecordingListItem): void;
}) {
  return (
    <table className="table recordings-table" data-testid="recordings-table">
      <thead>
        <tr>
          <th aria-label="Preview" />
          <th>Candidate</th>
          <th>Station</th>
          <th>Session</th>
          <th>Duration</th>
          <th>Resolution</th>
          <th>Playback</th>
          <th>File</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => {
          const play = playback(r, proxyProgress[r.id]);
          const file = FILE_STATUS[r.fileStatus];
          return (
            <tr key={r.id} data-testid={`recording-row-${r.id}`}>
              <td className="poster-cell">
                <button
                  type="button"
                  className="poster-button"
                  onClick={() => onOpen(r)}
                  aria-label={`Play ${r.fileName}`}
                  title={`Play ${r.fileName}`}
                >
                  {r.posterUrlPath ? (
                    <img
                      src={mediaUrl(r.posterUrlPath)}
                      alt=""
                      className="poster"
                      loading="lazy"
                      data-testid="recording-poster"
                    />
                  ) : (
                    <span className="poster poster-none">no preview</span>
                  )}
                  <span className="poster-play" aria-hidden>
                    ▶
                  </span>
                </button>
              </td>
              <td>{r.candidateCode ?? <span className="muted">—</span>}</td>
              <td title={`${r.rubricId} v${r.rubricVersion}`}>{r.stationCode}</td>
              <td>{r.sessionName}</td>
              <td data-testid="recording-duration">{formatDuration(r.durationS)}</td>
              <td>
                {r.width}×{r.height}
              </td>
              <td>
                <span className={`status status-${play.tone}`} title={play.title} data-testid="recording-playback">
                  {play.text}
                </span>
              </td>
              <td className="file-cell" title={r.originalPath}>
                <span className="file-name">{r.fileName}</span>
                {r.storage === 'reference' && <span className="muted"> (in place)</span>}
                {file && (
                  <span className="status status-bad" title={file.title} data-testid="recording-file-status">
                    {file.text}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
