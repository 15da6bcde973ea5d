import type { ScoringBatchOutcome, ScoringEstimate } from '../../../../contract/scoring';
import { fmtTokens } from './useModelProviders';

/** Tokens before a batch (estimate) and, once it ran, what it actually used beside it. */
export function EstimateTable({
  estimate,
  outcome,
}: {
  estimate: ScoringEstimate;
  outcome?: ScoringBatchOutcome | null;
}) {
  return (
    <table className="table estimate" data-testid="scoring-estimate">
      <thead>
        <tr>
          <th />
          <th>Estimate</th>
          {outcome && <th>Actual</th>}
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>Requests</td>
          <td>
            {estimate.requests} for {estimate.recordings} recording(s), {estimate.frames} frames
          </td>
          {outcome && <td>{outcome.results.filter((r) => r.promptTokens !== null && !r.reused).length} answered</td>}
        </tr>
        <tr>
          <td>Input tokens</td>
          <td>
            about {fmtTokens(estimate.inputTokens)}{' '}
            <span className="muted small">
              ({fmtTokens(estimate.imageTokens)} for frames at {estimate.perImageTokens} each,{' '}
              {fmtTokens(estimate.promptTextTokens)} text)
            </span>
            {estimate.audioTokens > 0 ? (
              <div className="muted small" data-testid="estimate-audio">
                including about {fmtTokens(estimate.audioTokens)} for {Math.round(estimate.audioSeconds)} s of audio
              </div>
            ) : null}
          </td>
          {outcome && <td data-testid="actual-input-tokens">{fmtTokens(outcome.tokens.prompt)}</td>}
        </tr>
        <tr>
          <td>Output tokens</td>
          <td>
            about {fmtTokens(estimate.outputTokens)}{' '}
            <span className="muted small">(at most {fmtTokens(estimate.maxOutputTokens)})</span>
          </td>
          {outcome && <td data-testid="actual-output-tokens">{fmtTokens(outcome.tokens.completion)}</td>}
        </tr>
      </tbody>
    </table>
  );
}
