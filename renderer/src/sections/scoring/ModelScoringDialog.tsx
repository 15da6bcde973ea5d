import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingListItem } from '../../../../contract/recordings';
import {
  MAX_FRAMES,
  MAX_RESOLUTION,
  MIN_RESOLUTION,
  type ImageDetailLevel,
  type ScoringRequest,
  type ScoringStation,
} from '../../../../contract/scoring';
import { callApi, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';
import { Modal } from '../../components/Modal';
import { RecordingPicker, type Scope } from './RecordingPicker';
import { ScoringDialog } from './ScoringDialog';
import { kindLabel, useModelProviders, whereLabel } from './useModelProviders';
import './scoring.css';

function scopeInput(scope: Scope): ScoringRequest['recordings'] | null {
  if (scope.kind === 'chosen') return scope.ids.length ? { recordingIds: [...scope.ids].sort((a, b) => a - b) } : null;
  if (scope.kind === 'station') return scope.stationId ? { stationId: scope.stationId } : null;
  return scope.sessionId ? { sessionId: scope.sessionId } : null;
}

/**
 * Recordings › Model suggestions: choose recordings (the list's selection to start with), provider
 * and task; then the scoring dialog estimates, asks and runs.
 */
export function ModelScoringDialog({ initialIds, onClose }: { initialIds: readonly number[]; onClose(): void }) {
  const { t } = useTranslation('scoring');
  const sessions = useApp((s) => s.sessions);
  const go = useApp((s) => s.go);
  const { providers } = useModelProviders();
  const [recordings, setRecordings] = useState<RecordingListItem[]>([]);
  const [stations, setStations] = useState<ScoringStation[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [scope, setScope] = useState<Scope>({ kind: 'chosen', ids: [...initialIds] });
  const [providerId, setProviderId] = useState<number | null>(null);
  const [task, setTask] = useState<ScoringRequest['task']>('score');
  const [mode, setMode] = useState<ScoringRequest['mode']>('full');
  const [frames, setFrames] = useState('');
  const [resolution, setResolution] = useState('768');
  const [detail, setDetail] = useState<ImageDetailLevel | ''>('');
  const [audio, setAudio] = useState(false);
  const [force, setForce] = useState(false);
  const [request, setRequest] = useState<ScoringRequest | null>(null);

  useEffect(() => {
    const load = () =>
      Promise.all([callApi('listRecordings', { limit: 10_000 }), callApi('listScoringStations')])
        .then(([r, s]) => (setRecordings(r.items), setStations(s)))
        .catch(setError);
    void load();
    return onEvent('data-changed', (e) => {
      if (e.what === 'recordings' || e.what === 'sessions') void load();
    });
  }, [sessions]);

  const provider = providers?.find((p) => p.id === providerId) ?? providers?.[0] ?? null;
  useEffect(
    () => setFrames(provider ? String(provider.framesPerRequest) : ''),
    // Reset only when another provider (or its setting) is chosen, not on every list reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- compared by id and frames on purpose
    [provider?.id, provider?.framesPerRequest],
  );
  // Audio is offered only where the server took the audio test; it starts on there.
  const audioAccepted = provider?.capabilities?.audio ?? null;
  useEffect(() => setAudio(audioAccepted === true), [provider?.id, audioAccepted]);

  if (request) return <ScoringDialog request={request} onClose={onClose} />;
  const chosen = scopeInput(scope);
  const framesValue = Number(frames);
  const framesOk = Number.isInteger(framesValue) && framesValue >= 1 && framesValue <= MAX_FRAMES;
  const resolutionValue = Number(resolution);
  const resolutionOk =
    Number.isInteger(resolutionValue) && resolutionValue >= MIN_RESOLUTION && resolutionValue <= MAX_RESOLUTION;

  return (
    <Modal title={t('form.title')} onClose={onClose} wide>
      <section className="model-scoring" data-testid="model-scoring">
        <p className="muted">{t('form.intro')}</p>
        <ErrorText error={error} />
        {providers && providers.length === 0 ? (
          <p data-testid="no-provider">
            {t('form.noProvider')}{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                onClose();
                go('settings');
              }}
            >
              {t('form.addProvider')}
            </button>
          </p>
        ) : (
          <div className="scoring-form">
            <RecordingPicker
              scope={scope}
              onChange={setScope}
              recordings={recordings}
              stations={stations}
              sessions={sessions}
            />
            <fieldset className="scoring-options">
              <legend>{t('form.how')}</legend>
              <label className="field">
                <span>{t('form.provider')}</span>
                <select value={provider?.id ?? ''} onChange={(e) => setProviderId(Number(e.target.value))}>
                  {providers?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {t('form.providerOption', {
                        name: p.name,
                        model: p.model,
                        kind: kindLabel(p.kind, t),
                        where: whereLabel(p, t),
                      })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('form.task')}</span>
                <select value={task} onChange={(e) => setTask(e.target.value as ScoringRequest['task'])}>
                  <option value="score">{t('form.taskScore')}</option>
                  <option value="binary">{t('form.taskBinary')}</option>
                </select>
              </label>
              <label className="field">
                <span>{t('form.mode')}</span>
                <select value={mode} onChange={(e) => setMode(e.target.value as ScoringRequest['mode'])}>
                  <option value="full">{t('form.modeFull')}</option>
                  <option value="clips">{t('form.modeClips')}</option>
                </select>
              </label>
              <label className={framesOk ? 'field' : 'field invalid'}>
                <span>{t('form.frames')}</span>
                <input
                  type="number"
                  min={1}
                  max={MAX_FRAMES}
                  value={frames}
                  onChange={(e) => setFrames(e.target.value)}
                />
                {!framesOk && <small className="field-problem">{t('form.framesProblem', { max: MAX_FRAMES })}</small>}
              </label>
              <label className={resolutionOk ? 'field' : 'field invalid'}>
                <span>{t('form.resolution')}</span>
                <input
                  type="number"
                  min={MIN_RESOLUTION}
                  max={MAX_RESOLUTION}
                  step={64}
                  value={resolution}
                  onChange={(e) => setResolution(e.target.value)}
                />
                {!resolutionOk && (
                  <small className="field-problem">
                    {t('form.resolutionProblem', { min: MIN_RESOLUTION, max: MAX_RESOLUTION })}
                  </small>
                )}
              </label>
              <label className="field">
                <span>{t('form.detail')}</span>
                <select value={detail} onChange={(e) => setDetail(e.target.value as ImageDetailLevel | '')}>
                  <option value="">{t('form.detailProvider', { detail: provider?.imageDetail ?? 'low' })}</option>
                  <option value="low">{t('form.detailLow')}</option>
                  <option value="high">{t('form.detailHigh')}</option>
                  <option value="auto">{t('form.detailAuto')}</option>
                </select>
              </label>
              <label className="check" data-testid="scoring-audio">
                <input
                  type="checkbox"
                  checked={audio}
                  disabled={audioAccepted !== true}
                  onChange={(e) => setAudio(e.target.checked)}
                />
                {t('form.audio')}
              </label>
              {audioAccepted !== true ? (
                <small className="muted">
                  {audioAccepted === false ? t('form.audioRefused') : t('form.audioUntested')}
                </small>
              ) : null}
              <label className="check">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                {t('form.force')}
              </label>
              <button
                type="button"
                className="primary"
                disabled={!provider || !chosen || !framesOk || !resolutionOk}
                onClick={() =>
                  provider &&
                  chosen &&
                  setRequest({
                    providerId: provider.id,
                    recordings: chosen,
                    task,
                    mode,
                    framesPerRequest: framesValue,
                    resolution: resolutionValue,
                    ...(detail ? { imageDetail: detail } : {}),
                    audio,
                    force,
                  })
                }
              >
                {t('form.estimate')}
              </button>
            </fieldset>
          </div>
        )}
      </section>
    </Modal>
  );
}
