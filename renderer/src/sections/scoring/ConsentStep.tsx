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
  const n = preview.recordings.length;
  return (
    <div className="consent" data-testid="consent-dialog">
      <p className="consent-lead">
        <strong>{preview.host}</strong> is not on this computer. Before anything is sent there, please check what would
        leave it:
      </p>
      <ul className="outbound" data-testid="outbound-list">
        <li>
          {mode === 'full' ? (
            <>
              <strong>{preview.framesPerRequest} still frames</strong> of each of the {n} recording(s)
            </>
          ) : (
            <>
              <strong>Up to {preview.framesPerRequest} still frames</strong> of each rubric step's marked time span, for{' '}
              {n} recording(s)
            </>
          )}{' '}
          (JPEG, at most {preview.resolution} px on the long side, with their times in seconds)
        </li>
        <li data-testid="consent-faces">
          {preview.maskFaces ? (
            <>
              <strong>Faces masked:</strong> faces are detected on this computer and blurred in every frame before it is
              sent. A face the detector misses (turned away, very small, partly hidden) is sent as it is.
            </>
          ) : (
            <>
              <strong>Faces not masked:</strong> the frames show the candidates as recorded. Turn on “Mask faces” in the
              provider's settings to blur them.
            </>
          )}
        </li>
        {preview.audio ? (
          <li data-testid="consent-audio">
            <strong>Sound:</strong>{' '}
            {mode === 'full' ? 'the audio of each recording' : "the audio of each rubric step's marked time span"} (WAV
            or MP3). Voices of candidates and examiners can be heard in it.
          </li>
        ) : null}
        <li>
          <strong>The station's rubric text</strong>: {preview.rubrics.join(', ') || 'the rubric of each recording'}
        </li>
        <li>
          To <code>{preview.host}</code>, model <code>{preview.model}</code> (provider “{preview.providerName}”)
        </li>
      </ul>
      <p className="not-sent">
        <strong>Not sent:</strong> candidate names or codes, file names, examiner names, examiner marks.
      </p>
      {preview.disclosure && <p className="muted small">{preview.disclosure}</p>}
      <p className="muted small">
        Your answer is remembered for {preview.host}; you will not be asked again for batches sent there.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={onAgree}>
          Agree and continue
        </button>
        <button type="button" disabled={busy} onClick={onDecline}>
          Do not send
        </button>
      </div>
    </div>
  );
}
