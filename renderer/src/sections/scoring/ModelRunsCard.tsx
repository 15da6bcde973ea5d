import { useCallback, useEffect, useState } from 'react';
import type { ModelRunItem } from '../../../../contract/scoring';
import { callApi, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { SentFramesDialog } from './SentFramesDialog';
import { fmtTokens } from './useModelProviders';

const SHOWN = 100;

/** The latest model runs: what was asked of which model, how it ended and why, and what it cost. */
export function ModelRunsCard() {
  const [runs, setRuns] = useState<ModelRunItem[] | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [viewing, setViewing] = useState<ModelRunItem | null>(null);
  const reload = useCallback(() => callApi('listModelRuns', { limit: SHOWN }).then(setRuns).catch(setError), []);

  useEffect(() => {
    void reload();
    return onEvent('data-changed', (e) => {
      if (e.what === 'runs') void reload();
    });
  }, [reload]);

  if (!runs || runs.length === 0) return error ? <ErrorText error={error} /> : null;
  const shown = onlyProblems ? runs.filter((r) => r.status === 'failed' || r.status === 'rejected') : runs;
  return (
    <section className="card model-runs" data-testid="model-runs">
      <div className="card-head">
        <h2>Model runs</h2>
        <label className="check small">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          Only failed or rejected
        </label>
      </div>
      <p className="muted small">
        The latest {SHOWN} runs, newest first. A rejected run is an answer that did not fit the rubric; it is kept with
        its reason and never shown as a suggestion.
      </p>
      <ErrorText error={error} />
      <table className="table runs-table">
        <thead>
          <tr>
            <th>Recording</th>
            <th>Status</th>
            <th>Model</th>
            <th>Task</th>
            <th>Prompt</th>
            <th>Reason</th>
            <th>Tokens</th>
            <th>Frames sent</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr
              key={r.id}
              data-testid="model-run-row"
              data-status={r.status}
              className={r.superseded ? 'superseded' : undefined}
            >
              <td>
                {r.recordingLabel}
                {r.stepId && <div className="muted small">step {r.stepId}</div>}
              </td>
              <td>
                <span className={`status status-${r.status}`}>{r.status}</span>
                {r.superseded && <div className="muted small">replaced by a later run</div>}
              </td>
              <td>
                {r.model}
                <div className="muted small">{r.host}</div>
              </td>
              <td>
                {r.task} · {r.mode}
                <div className="muted small" data-testid="run-audio">
                  {r.audioSent ? 'audio sent' : 'no audio'}
                </div>
              </td>
              <td>
                <code>{r.promptVersion}</code>
              </td>
              <td className="reason">{r.reason ?? ''}</td>
              <td>
                {r.promptTokens !== null ? `${fmtTokens(r.promptTokens)} + ${fmtTokens(r.completionTokens ?? 0)}` : '—'}
              </td>
              <td>
                {r.sentFrames > 0 ? (
                  <button type="button" className="link" onClick={() => setViewing(r)} data-testid="view-sent-frames">
                    {r.sentFrames} {r.facesMasked ? '(faces masked)' : ''}
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {viewing && (
        <SentFramesDialog runId={viewing.id} title={viewing.recordingLabel} onClose={() => setViewing(null)} />
      )}
    </section>
  );
}
