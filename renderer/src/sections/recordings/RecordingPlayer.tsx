import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingListItem } from '../../../../contract/recordings';
import { mediaUrl } from '../../api/client';
import { Modal } from '../../components/Modal';
import { formatBytes, formatDuration } from './format';

/**
 * A quick look at a recording after import (the marking itself happens in Review). It plays the
 * playable copy once it exists, otherwise the original from the library or where it was left.
 */
export function RecordingPlayer({ recording: r, onClose }: { recording: RecordingListItem; onClose(): void }) {
  const { t } = useTranslation('recordings');
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
        <p className="error-text">{t('player.missing', { path: r.originalPath })}</p>
      )}
      {(failed || notYet) && (
        <p className="muted" data-testid="player-note">
          {r.proxyStatus === 'pending'
            ? t('player.pending', { codec: r.videoCodec })
            : r.proxyStatus === 'failed'
              ? t('player.failed', { reason: r.proxyError ?? t('player.unknownReason') })
              : t('player.notPlayable')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('player.session')}</dt>
        <dd>{r.sessionName}</dd>
        <dt>{t('player.station')}</dt>
        <dd>{t('player.stationRubric', { code: r.stationCode, rubric: r.rubricId, version: r.rubricVersion })}</dd>
        <dt>{t('player.video')}</dt>
        <dd>
          {formatDuration(r.durationS)}, {r.width}×{r.height}
          {r.fps ? `, ${Math.round(r.fps * 100) / 100} fps` : ''}, {r.videoCodec}
          {r.hasAudio ? `, ${t('player.withAudio')}` : `, ${t('player.noAudio')}`}, {formatBytes(r.sizeBytes)}
        </dd>
        <dt>{r.storage === 'copy' ? t('player.copiedFrom') : t('player.referencedAt')}</dt>
        <dd>{r.originalPath}</dd>
        <dt>{t('player.abbrSha')}</dt>
        <dd className="mono">{r.sha256}</dd>
      </dl>
    </Modal>
  );
}
