import { useTranslation } from 'react-i18next';
import type { ScoringBatchOutcome, ScoringEstimate } from '../../../../contract/scoring';
import { useLanguage } from '../../i18n';
import { fmtTokens } from './useModelProviders';

/** Tokens before a batch (estimate) and, once it ran, what it actually used beside it. */
export function EstimateTable({
  estimate,
  outcome,
}: {
  estimate: ScoringEstimate;
  outcome?: ScoringBatchOutcome | null;
}) {
  const { t } = useTranslation('scoring');
  const locale = useLanguage((s) => s.locale);
  const n = (value: number) => fmtTokens(value, locale);
  return (
    <table className="table estimate" data-testid="scoring-estimate">
      <thead>
        <tr>
          <th>
            <span className="visually-hidden">{t('estimate.what')}</span>
          </th>
          <th>{t('estimate.estimate')}</th>
          {outcome && <th>{t('estimate.actual')}</th>}
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{t('estimate.requests')}</td>
          <td>
            {t('estimate.requestsValue', {
              requests: estimate.requests,
              recordings: estimate.recordings,
              frames: estimate.frames,
            })}
          </td>
          {outcome && (
            <td>
              {t('estimate.answered', {
                count: outcome.results.filter((r) => r.promptTokens !== null && !r.reused).length,
              })}
            </td>
          )}
        </tr>
        <tr>
          <td>{t('estimate.input')}</td>
          <td>
            {t('estimate.inputValue', { tokens: n(estimate.inputTokens) })}{' '}
            <span className="muted small">
              {t('estimate.inputDetail', {
                image: n(estimate.imageTokens),
                perImage: estimate.perImageTokens,
                text: n(estimate.promptTextTokens),
              })}
            </span>
            {estimate.audioTokens > 0 ? (
              <div className="muted small" data-testid="estimate-audio">
                {t('estimate.audio', { tokens: n(estimate.audioTokens), seconds: Math.round(estimate.audioSeconds) })}
              </div>
            ) : null}
          </td>
          {outcome && <td data-testid="actual-input-tokens">{n(outcome.tokens.prompt)}</td>}
        </tr>
        <tr>
          <td>{t('estimate.output')}</td>
          <td>
            {t('estimate.outputValue', { tokens: n(estimate.outputTokens) })}{' '}
            <span className="muted small">{t('estimate.outputMax', { tokens: n(estimate.maxOutputTokens) })}</span>
          </td>
          {outcome && <td data-testid="actual-output-tokens">{n(outcome.tokens.completion)}</td>}
        </tr>
      </tbody>
    </table>
  );
}
