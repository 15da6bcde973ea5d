import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useState } from 'react';
import type { ModelRunItem } from '../../../../contract/scoring';
import { callApi, onEvent } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useLanguage } from '../../i18n';
import { SentFramesDialog } from './SentFramesDialog';
import { fmtTokens } from './useModelProviders';

const SHOWN = 100;

/** The latest model runs: what was asked of which model, how it ended and why, and what it cost. */
export function ModelRunsCard() {
  const { t } = useTranslation('scoring');
  const locale = useLanguage((s) => s.locale);
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
        <h2>{t('runs.title')}</h2>
        <label className="check small">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          {t('runs.onlyProblems')}
        </label>
      </div>
      <p className="muted small">{t('runs.intro', { count: SHOWN })}</p>
      <ErrorText error={error} />
      <table className="table runs-table">
        <thead>
          <tr>
            <th>{t('runs.recording')}</th>
            <th>{t('runs.status')}</th>
            <th>{t('runs.model')}</th>
            <th>{t('runs.task')}</th>
            <th>{t('runs.prompt')}</th>
            <th>{t('runs.reason')}</th>
            <th>{t('runs.tokens')}</th>
            <th>{t('runs.framesSent')}</th>
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
                {r.stepId && <div className="muted small">{t('runs.step', { step: r.stepId })}</div>}
              </td>
              <td>
                <span className={`status status-${r.status}`}>{t(`runs.statusNames.${r.status}`)}</span>
                {r.superseded && <div className="muted small">{t('runs.superseded')}</div>}
              </td>
              <td>
                {r.model}
                <div className="muted small">{r.host}</div>
              </td>
              <td>
                {r.task} · {r.mode}
                <div className="muted small" data-testid="run-audio">
                  {r.audioSent ? t('runs.audioSent') : t('runs.noAudio')}
                </div>
              </td>
              <td>
                <code>{r.promptVersion}</code>
              </td>
              <td className="reason">{r.reason ?? ''}</td>
              <td>
                {r.promptTokens !== null
                  ? `${fmtTokens(r.promptTokens, locale)} + ${fmtTokens(r.completionTokens ?? 0, locale)}`
                  : '—'}
              </td>
              <td>
                {r.sentFrames > 0 ? (
                  <button type="button" className="link" onClick={() => setViewing(r)} data-testid="view-sent-frames">
                    {r.sentFrames} {r.facesMasked ? t('runs.facesMasked') : ''}
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
