import { useTranslation } from 'react-i18next';
import type { ScoringPreview } from '../../../../contract/scoring';

/**
 * Before the first request to an endpoint that is not on this machine: exactly what would leave
 * it, and a choice. Agreeing is remembered for this endpoint (and audited); declining sends nothing.
 */
export function ConsentStep({
  preview,
  mode,
  busy,
  onAgree,
  onDecline,
}: {
  preview: ScoringPreview;
  mode: 'full' | 'clips';
  busy: boolean;
  onAgree: () => void;
  onDecline: () => void;
}) {
  const { t } = useTranslation('scoring');
  const n = preview.recordings.length;
  return (
    <div className="consent" data-testid="consent-dialog">
      <p className="consent-lead">
        <strong>{preview.host}</strong> {t('consent.notHere')}
      </p>
      <ul className="outbound" data-testid="outbound-list">
        <li>
          {mode === 'full' ? (
            <>
              <strong>{t('consent.framesFull', { frames: preview.framesPerRequest })}</strong>{' '}
              {t('consent.framesFullOf', { count: n })}
            </>
          ) : (
            <>
              <strong>{t('consent.framesClips', { frames: preview.framesPerRequest })}</strong>{' '}
              {t('consent.framesClipsOf', { count: n })}
            </>
          )}{' '}
          {t('consent.framesFormat', { resolution: preview.resolution })}
        </li>
        <li data-testid="consent-faces">
          {preview.maskFaces ? (
            <>
              <strong>{t('consent.facesMasked')}</strong> {t('consent.facesMaskedText')}
            </>
          ) : (
            <>
              <strong>{t('consent.facesNotMasked')}</strong> {t('consent.facesNotMaskedText')}
            </>
          )}
        </li>
        {preview.audio ? (
          <li data-testid="consent-audio">
            <strong>{t('consent.sound')}</strong> {mode === 'full' ? t('consent.soundFull') : t('consent.soundClips')}{' '}
            {t('consent.soundFormat')}
          </li>
        ) : null}
        <li>
          <strong>{t('consent.rubric')}</strong>: {preview.rubrics.join(', ') || t('consent.rubricEach')}
        </li>
        <li>
          {t('consent.to')} <code>{preview.host}</code>, {t('consent.model')} <code>{preview.model}</code>{' '}
          {t('consent.providerName', { name: preview.providerName })}
        </li>
      </ul>
      <p className="not-sent">
        <strong>{t('consent.notSent')}</strong> {t('consent.notSentText')}
      </p>
      {preview.disclosure && <p className="muted small">{preview.disclosure}</p>}
      <p className="muted small">{t('consent.remembered', { host: preview.host })}</p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={onAgree}>
          {t('consent.agree')}
        </button>
        <button type="button" disabled={busy} onClick={onDecline}>
          {t('consent.decline')}
        </button>
      </div>
    </div>
  );
}
