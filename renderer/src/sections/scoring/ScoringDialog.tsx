import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../../../contract/events';
import type { ScoringBatchOutcome, ScoringPreview, ScoringRequest } from '../../../../contract/scoring';
import { ApiError, callApi, newOperationId, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';
import { ConsentStep } from './ConsentStep';
import { EstimateTable } from './EstimateTable';
import { RecordingProgress, type RowState } from './RecordingProgress';
import { fmtTokens } from './useModelProviders';

type Phase = 'loading' | 'consent' | 'estimate' | 'running' | 'finished';

/** "recording 12: no rubric step has…" → "no rubric step has…": the row already says which recording. */
const withoutPrefix = (reason: string | null, id: number) => reason?.replace(`recording ${id}: `, '') ?? null;

/**
 * One batch, step by step: the estimate (and, for an endpoint off this machine without consent,
 * what would leave it), then the run with progress per recording and a Cancel, then the results
 * with the tokens actually used.
 */
export function ScoringDialog({ request, onClose }: { request: ScoringRequest; onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>('loading');
  const [preview, setPreview] = useState<ScoringPreview | null>(null);
  const [outcome, setOutcome] = useState<ScoringBatchOutcome | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [rows, setRows] = useState<Map<number, RowState>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const op = useRef<string | null>(null);

  const loadPreview = useCallback(async () => {
    setError(null);
    try {
      const p = await callApi('previewScoring', request);
      setPreview(p);
      setPhase(p.needsConsent ? 'consent' : 'estimate');
    } catch (err) {
      setError(err);
      setPhase('estimate');
    }
  }, [request]);
  useEffect(() => void loadPreview(), [loadPreview]);

  useEffect(
    () =>
      onEvent('progress', (p) => {
        if (p.operationId !== op.current) return;
        setProgress(p);
        const item = p.item;
        if (item)
          setRows((old) =>
            new Map(old).set(item.id, { status: item.status, reason: withoutPrefix(item.reason ?? null, item.id) }),
          );
      }),
    [],
  );

  async function agree() {
    if (!preview) return;
    setBusy(true);
    try {
      await callApi('grantProviderConsent', preview.providerId, { audio: preview.audio });
      await loadPreview();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    const id = newOperationId();
    op.current = id;
    setError(null);
    setRows(new Map());
    setProgress({ operationId: id, kind: 'scoreRecordings', done: 0, total: preview?.recordings.length ?? 0 });
    setPhase('running');
    try {
      const result = await callApi('scoreRecordings', id, request);
      setOutcome(result);
      setRows(
        new Map(
          result.results.map((r) => [
            r.recordingId,
            {
              status: r.status,
              reason: withoutPrefix(r.reason, r.recordingId),
              reused: r.reused,
              tokens:
                r.promptTokens !== null
                  ? `${fmtTokens(r.promptTokens)} + ${fmtTokens(r.completionTokens ?? 0)} tokens`
                  : '',
            },
          ]),
        ),
      );
      setPhase('finished');
    } catch (err) {
      // Consent withdrawn or never given (another window, an old preview): ask, rather than fail.
      if (err instanceof ApiError && err.name === 'ConsentRequiredError') await loadPreview();
      else {
        setError(err);
        setPhase('finished');
      }
    } finally {
      op.current = null;
      setCancelling(false);
    }
  }

  const running = phase === 'running';
  const done = outcome?.results.filter((r) => r.status === 'done').length ?? 0;
  return (
    <Modal
      title={phase === 'consent' ? 'Frames would leave this computer' : 'Model suggestions'}
      onClose={running ? undefined : onClose}
      testId="scoring-dialog"
      wide
    >
      {phase === 'loading' && <p className="muted">Working out what this batch needs…</p>}
      {preview && phase === 'consent' && (
        <ConsentStep
          preview={preview}
          mode={request.mode}
          busy={busy}
          onAgree={() => void agree()}
          onDecline={onClose}
        />
      )}
      {preview && phase !== 'consent' && phase !== 'loading' && (
        <>
          <p className="batch-summary">
            <strong>{preview.recordings.length} recording(s)</strong> ·{' '}
            {request.task === 'score' ? 'step scores' : 'error detection'} ·{' '}
            {request.mode === 'full' ? 'whole recording' : "each step's marked span"} · {preview.framesPerRequest}{' '}
            frames per request at {preview.resolution} px, detail {preview.imageDetail} ·{' '}
            <span data-testid="batch-audio">{preview.audio ? 'with audio' : 'no audio'}</span> · {preview.providerName}{' '}
            (<code>{preview.model}</code> at <code>{preview.host}</code>) ·{' '}
            <span data-testid="batch-faces">
              {preview.maskFaces ? 'faces masked before sending' : 'faces not masked'}
            </span>
          </p>
          {!preview.audio && preview.estimate.notAssessableSteps > 0 ? (
            <p className="muted small" data-testid="batch-unheard">
              Without audio, {preview.estimate.notAssessableSteps} spoken step(s) are not asked; they are recorded as
              not assessable from video, never as not done.
            </p>
          ) : null}
          <EstimateTable estimate={preview.estimate} outcome={outcome} />
          {phase === 'estimate' && (
            <p className="muted small">
              Tokens are estimated with OpenAI's counting rules; a local server counts its own way, so treat this as a
              guide. Runs that already finished with identical settings are reused and cost nothing.
            </p>
          )}
        </>
      )}
      {(running || phase === 'finished') && progress && (
        <div className="batch-progress" data-testid="scoring-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="Scoring progress" />
          <span>
            {progress.done} of {progress.total} finished{progress.message ? ` · ${progress.message}` : ''}
          </span>
        </div>
      )}
      {preview && (running || phase === 'finished') && (
        <RecordingProgress recordings={preview.recordings} states={rows} />
      )}
      {outcome && (
        <p
          className={outcome.status === 'done' ? 'notice' : 'warning-text'}
          data-testid="scoring-outcome"
          role="status"
        >
          {outcome.status === 'cancelled' ? 'Cancelled. ' : ''}
          {done} of {outcome.results.length} recording(s) got suggestions
          {outcome.status === 'failed' ? '; the others failed (see the reasons above)' : ''}. Tokens used:{' '}
          {fmtTokens(outcome.tokens.prompt)} input, {fmtTokens(outcome.tokens.completion)} output.
        </p>
      )}
      <ErrorText error={error} />
      <div className="row dialog-actions">
        {phase === 'estimate' && preview && (
          <button type="button" className="primary" onClick={() => void start()}>
            Start scoring
          </button>
        )}
        {running && (
          <button
            type="button"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              if (op.current) void callApi('cancelOperation', op.current);
            }}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {!running && phase !== 'consent' && (
          <button type="button" onClick={onClose}>
            {phase === 'finished' ? 'Done' : 'Cancel'}
          </button>
        )}
      </div>
    </Modal>
  );
}
