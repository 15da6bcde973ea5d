import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { SentFrame } from '../../../../contract/scoring';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';

/**
 * The frames one model run sent, exactly as they left this computer (faces blurred where masking
 * was on), so an examiner can see what the model saw and what a provider received.
 */
export function SentFramesDialog({ runId, title, onClose }: { runId: number; title: string; onClose: () => void }) {
  const { t } = useTranslation('scoring');
  const [frames, setFrames] = useState<SentFrame[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    callApi('listSentFrames', runId).then(setFrames).catch(setError);
  }, [runId]);
  const masked = frames?.reduce((n, f) => n + f.maskedRegions, 0) ?? 0;
  return (
    <Modal title={t('sentFrames.title', { title })} onClose={onClose} testId="sent-frames" wide>
      <ErrorText error={error} />
      {frames && frames.length === 0 && <p className="muted">{t('sentFrames.none')}</p>}
      {frames && frames.length > 0 && (
        <>
          <p className="muted small">
            {t('sentFrames.count', { count: frames.length })}{' '}
            {masked > 0 ? t('sentFrames.masked', { count: masked }) : t('sentFrames.notMasked')}
          </p>
          <ul className="sent-frames">
            {frames.map((f) => (
              <li key={`${f.stepId ?? ''}-${f.position}`} data-testid="sent-frame">
                <img src={f.dataUrl} alt={t('sentFrames.alt', { seconds: f.timestampS.toFixed(1) })} />
                <span className="muted small">
                  {f.stepId ? `${f.stepId} · ` : ''}
                  {t('sentFrames.at', { seconds: f.timestampS.toFixed(1) })}
                  {f.maskedRegions ? t('sentFrames.maskedCount', { count: f.maskedRegions }) : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
