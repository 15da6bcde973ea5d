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
  const [frames, setFrames] = useState<SentFrame[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    callApi('listSentFrames', runId).then(setFrames).catch(setError);
  }, [runId]);
  const masked = frames?.reduce((n, f) => n + f.maskedRegions, 0) ?? 0;
  return (
    <Modal title={`Frames sent · ${title}`} onClose={onClose} testId="sent-frames" wide>
      <ErrorText error={error} />
      {frames && frames.length === 0 && (
        <p className="muted">This run kept no frames (it was made before frames were kept, or nothing was sent).</p>
      )}
      {frames && frames.length > 0 && (
        <>
          <p className="muted small">
            {frames.length} frame(s), exactly as sent.{' '}
            {masked > 0
              ? `${masked} face region(s) were blurred or blocked out before sending.`
              : 'No face region was masked in them.'}
          </p>
          <ul className="sent-frames">
            {frames.map((f) => (
              <li key={`${f.stepId ?? ''}-${f.position}`} data-testid="sent-frame">
                <img src={f.dataUrl} alt={`Frame sent at ${f.timestampS.toFixed(1)} s`} />
                <span className="muted small">
                  {f.stepId ? `${f.stepId} · ` : ''}
                  {f.timestampS.toFixed(1)} s{f.maskedRegions ? ` · ${f.maskedRegions} masked` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
