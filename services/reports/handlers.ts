/** The report calls of the contract (contract/reports.ts), implemented by the report services. */
import { type reportCalls } from '../../contract/reports';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { NotFoundError } from '../core/errors';
import { getRecordingFinals } from '../review/final-scores';
import { exportFeedbackHtml, exportReport, listFeedbackCandidates } from './exports';
import { stepTrustFor } from './leaderboard';
import { buildAgreementReport } from './report';

export function reportHandlers(ctx: ServiceContext): HandlersFor<typeof reportCalls> {
  const opts = { appVersion: ctx.appVersion };
  return {
    agreementReport: ([scope]) => buildAgreementReport(ctx.db, scope, opts),
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
      const { format, ...scope } = input;
      return exportReport(ctx.db, format, scope, opts);
    },
    listFeedbackCandidates: () => listFeedbackCandidates(ctx.db),
    exportFeedback: ([, input], op) => exportFeedbackHtml(ctx, input.candidate, { signal: op.signal }),
  };
}
