import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../../../contract/events';
import type { ScoringBatchOutcome, ScoringPreview, ScoringRequest } from '../../../../contract/scoring';
import { ApiError, callApi, newOperationId, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';
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
  const { t } = useTranslation('scoring');
  const locale = useLanguage((s) => s.locale);
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
                  ? t('dialog.tokens', {
                      input: fmtTokens(r.promptTokens, locale),
                      output: fmtTokens(r.completionTokens ?? 0, locale),
                    })
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
      title={phase === 'consent' ? t('dialog.consentTitle') : t('dialog.title')}
      onClose={running ? undefined : onClose}
      testId="scoring-dialog"
      wide
    >
      {phase === 'loading' && <p className="muted">{t('dialog.loading')}</p>}
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
            <strong>{t('dialog.recordings', { count: preview.recordings.length })}</strong> ·{' '}
            {request.task === 'score' ? t('dialog.taskScore') : t('dialog.taskBinary')} ·{' '}
            {request.mode === 'full' ? t('dialog.modeFull') : t('dialog.modeClips')} ·{' '}
            {t('dialog.framesAt', {
              frames: preview.framesPerRequest,
              resolution: preview.resolution,
              detail: preview.imageDetail,
            })}{' '}
            · <span data-testid="batch-audio">{preview.audio ? t('dialog.withAudio') : t('dialog.noAudio')}</span> ·{' '}
            {preview.providerName} (<code>{preview.model}</code> {t('dialog.modelAt')} <code>{preview.host}</code>) ·{' '}
            <span data-testid="batch-faces">
              {preview.maskFaces ? t('dialog.facesMasked') : t('dialog.facesNotMasked')}
            </span>
          </p>
          {!preview.audio && preview.estimate.notAssessableSteps > 0 ? (
            <p className="muted small" data-testid="batch-unheard">
              {t('dialog.unheard', { count: preview.estimate.notAssessableSteps })}
            </p>
          ) : null}
          <EstimateTable estimate={preview.estimate} outcome={outcome} />
          {phase === 'estimate' && <p className="muted small">{t('dialog.estimateNote')}</p>}
        </>
      )}
      {(running || phase === 'finished') && progress && (
        <div className="batch-progress" data-testid="scoring-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t('dialog.progressLabel')} />
          <span>
            {t('dialog.progress', { done: progress.done, total: progress.total })}
            {progress.message ? ` · ${progress.message}` : ''}
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
          {outcome.status === 'cancelled' ? t('dialog.cancelled') : ''}
          {t('dialog.outcome', { done, total: outcome.results.length })}
          {outcome.status === 'failed' ? t('dialog.othersFailed') : ''}
          {t('dialog.tokensUsed', {
            input: fmtTokens(outcome.tokens.prompt, locale),
            output: fmtTokens(outcome.tokens.completion, locale),
          })}
        </p>
      )}
      <ErrorText error={error} />
      <div className="row dialog-actions">
        {phase === 'estimate' && preview && (
          <button type="button" className="primary" onClick={() => void start()}>
            {t('dialog.start')}
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
            {cancelling ? t('dialog.cancelling') : t('dialog.cancel')}
          </button>
        )}
        {!running && phase !== 'consent' && (
          <button type="button" onClick={onClose}>
            {phase === 'finished' ? t('dialog.done') : t('dialog.cancel')}
          </button>
        )}
      </div>
    </Modal>
  );
}
