import { useState } from 'react';
import type { RecordingListItem } from '../../../../contract/recordings';
import { mediaUrl } from '../../api/client';
import { Modal } from '../../components/Modal';
import { formatBytes, formatDuration } from './format';

/**
 * A quick look at a recording after import (the marking itself happens in Review). It plays the
 * playable copy once it exists, otherwise the original from the library or where it was left.
 */
export function RecordingPlayer({ recording: r, onClose }: { recording: RecordingListItem; onClose(): void }) {
  const [failed, setFailed] = useState(false);
  const title = [r.candidateCode, r.stationCode, r.fileName].filter(Boolean).join(' · ');
  const notYet = r.proxyStatus === 'pending' || r.proxyStatus === 'failed';
  return (
    <Modal title={title} onClose={onClose} testId="recording-player" wide>
      {r.videoUrlPath ? (
        <video
          className="player-video"
          src={mediaUrl(r.videoUrlPath)}
          controls
          preload="auto"
          poster={r.posterUrlPath ? mediaUrl(r.posterUrlPath) : undefined}
          data-testid="recording-video"
          onError={() => setFailed(true)}
        />
      ) : (
        <p className="error-text">The recording file is missing: {r.originalPath}</p>
      )}
      {(failed || notYet) && (
        <p className="muted" data-testid="player-note">
          {r.proxyStatus === 'pending'
            ? `The app is making a playable copy of this ${r.videoCodec} recording; if it does not play yet, try again in a moment.`
            : r.proxyStatus === 'failed'
              ? `No playable copy could be made: ${r.proxyError ?? 'unknown reason'}`
              : 'The video could not be played here.'}
        </p>
      )}
      <dl className="facts">
        <dt>Session</dt>
        <dd>{r.sessionName}</dd>
        <dt>Station</dt>
        <dd>
          {r.stationCode} ({r.rubricId} v{r.rubricVersion})
        </dd>
        <dt>Video</dt>
        <dd>
          {formatDuration(r.durationS)}, {r.width}×{r.height}
          {r.fps ? `, ${Math.round(r.fps * 100) / 100} fps` : ''}, {r.videoCodec}
          {r.hasAudio ? ', with audio' : ', no audio'}, {formatBytes(r.sizeBytes)}
        </dd>
        <dt>{r.storage === 'copy' ? 'Copied from' : 'Referenced at'}</dt>
        <dd>{r.originalPath}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{r.sha256}</dd>
      </dl>
    </Modal>
  );
}
