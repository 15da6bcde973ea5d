/** The report calls of the contract (contract/reports.ts), implemented by the report services. */
import { type reportCalls } from '../../contract/reports';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { NotFoundError } from '../core/errors';
import { getRecordingFinals } from '../review/final-scores';
import { exportFeedbackHtml, exportSessionFeedbackHtml, exportReport, listFeedbackCandidates } from './exports';
import { stepTrustFor } from './step-trust';
import { buildAgreementReport } from './report';

/** The leaderboard minimums a caller set, without the ones it left to the defaults. */
function leaderboardMinimums(m: { minCoverage?: number | undefined; minRecordings?: number | undefined }) {
  return {
    ...(m.minCoverage !== undefined ? { minCoverage: m.minCoverage } : {}),
    ...(m.minRecordings !== undefined ? { minRecordings: m.minRecordings } : {}),
  };
}

export function reportHandlers(ctx: ServiceContext): HandlersFor<typeof reportCalls> {
  const opts = { appVersion: ctx.appVersion };
  return {
    agreementReport: ([input]) => {
      const { minCoverage, minRecordings, locale, ...scope } = input;
      return buildAgreementReport(
        ctx.db,
        scope,
        { ...opts, ...leaderboardMinimums({ minCoverage, minRecordings }) },
        locale,
      );
    },
    modelStepTrust: ([input]) =>
      stepTrustFor(ctx.db, input.configKey, {
        ...(input.minCount !== undefined ? { minCount: input.minCount } : {}),
        ...(input.versusExaminer !== undefined ? { versusExaminer: input.versusExaminer } : {}),
      }),
    recordingFinals: ([recordingId]) => {
      const finals = getRecordingFinals(ctx.db, recordingId);
      if (!finals) throw new NotFoundError(`Recording ${recordingId}`);
      return finals;
    },
    exportReport: ([input]) => {
      const { format, minCoverage, minRecordings, locale, ...scope } = input;
      return exportReport(
        ctx.db,
        format,
        scope,
        { ...opts, ...leaderboardMinimums({ minCoverage, minRecordings }) },
        locale ?? 'en',
      );
    },
    listFeedbackCandidates: () => listFeedbackCandidates(ctx.db),
    exportFeedback: ([, input], op) =>
      exportFeedbackHtml(ctx, input.candidate, { signal: op.signal }, input.locale ?? 'en'),
    exportSessionFeedback: ([, input], op) =>
      exportSessionFeedbackHtml(ctx, input.sessionId, { signal: op.signal }, input.locale ?? 'en'),
  };
}
