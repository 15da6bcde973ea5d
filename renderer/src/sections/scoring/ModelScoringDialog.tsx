import { useEffect, useState } from 'react';
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
    <Modal title="Model suggestions" onClose={onClose} wide>
      <section className="model-scoring" data-testid="model-scoring">
        <p className="muted">
          A model judges each rubric step from still frames of the recording. Its answers are suggestions an examiner
          sees while marking; they never become marks on their own.
        </p>
        <ErrorText error={error} />
        {providers && providers.length === 0 ? (
          <p data-testid="no-provider">
            No model provider is set up yet.{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                onClose();
                go('settings');
              }}
            >
              Add one in Settings
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
              <legend>How</legend>
              <label className="field">
                <span>Provider</span>
                <select value={provider?.id ?? ''} onChange={(e) => setProviderId(Number(e.target.value))}>
                  {providers?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} · {p.model} ({kindLabel(p.kind)}, {whereLabel(p)})
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Task</span>
                <select value={task} onChange={(e) => setTask(e.target.value as ScoringRequest['task'])}>
                  <option value="score">Step scores (points per step)</option>
                  <option value="binary">Error detection (each step correct or not)</option>
                </select>
              </label>
              <label className="field">
                <span>Mode</span>
                <select value={mode} onChange={(e) => setMode(e.target.value as ScoringRequest['mode'])}>
                  <option value="full">Whole recording</option>
                  <option value="clips">Each step's marked time span</option>
                </select>
              </label>
              <label className={framesOk ? 'field' : 'field invalid'}>
                <span>Frames per request</span>
                <input
                  type="number"
                  min={1}
                  max={MAX_FRAMES}
                  value={frames}
                  onChange={(e) => setFrames(e.target.value)}
                />
                {!framesOk && <small className="field-problem">a whole number from 1 to {MAX_FRAMES}</small>}
              </label>
              <label className={resolutionOk ? 'field' : 'field invalid'}>
                <span>Frame size (long side, px)</span>
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
                    a whole number from {MIN_RESOLUTION} to {MAX_RESOLUTION}
                  </small>
                )}
              </label>
              <label className="field">
                <span>Image detail</span>
                <select value={detail} onChange={(e) => setDetail(e.target.value as ImageDetailLevel | '')}>
                  <option value="">As the provider is set ({provider?.imageDetail ?? 'low'})</option>
                  <option value="low">Low</option>
                  <option value="high">High</option>
                  <option value="auto">Auto</option>
                </select>
              </label>
              <label className="check" data-testid="scoring-audio">
                <input
                  type="checkbox"
                  checked={audio}
                  disabled={audioAccepted !== true}
                  onChange={(e) => setAudio(e.target.checked)}
                />
                Send the audio (spoken steps are judged by ear)
              </label>
              {audioAccepted !== true ? (
                <small className="muted">
                  {audioAccepted === false
                    ? 'This server did not accept audio when tested. Spoken steps will be reported as not assessable from video.'
                    : 'Test the connection in Settings to find out whether this server accepts audio. Until then, spoken steps are reported as not assessable from video.'}
                </small>
              ) : null}
              <label className="check">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                Ask again even where an identical run finished
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
                Estimate and score…
              </button>
            </fieldset>
          </div>
        )}
      </section>
    </Modal>
  );
}
