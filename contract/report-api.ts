/** The report calls of the contract (spread into `api` in contract/api.ts). */
import { z } from 'zod';
import { call } from './define';
import type { AgreementReport, ExportedFile, FeedbackCandidate, RecordingFinals, StepTrust } from './report-types';

const OperationIdArg = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'operation id must be 8-64 letters, digits, - or _');

export const ReportScopeInput = z
  .object({
    sessionId: z.number().int().positive().optional(),
    /** Station code or rubric id. */
    station: z.string().trim().min(1, 'station must not be empty').max(64).optional(),
  })
  .strict();

export const ReportExportInput = ReportScopeInput.extend({
  format: z.enum(['html', 'csv', 'json'], { message: 'format must be html, csv or json' }),
}).strict();

export const StepTrustInput = z
  .object({
    configKey: z.string().min(1, 'configKey must not be empty').max(2000),
    minCount: z.number().int().min(1).max(100_000).optional(),
    /** Compare with this examiner instead of the final scores. */
    versusExaminer: z.number().int().positive().optional(),
  })
  .strict();

export const CandidateInput = z
  .object({ candidate: z.string().trim().min(1, 'candidate code must not be empty').max(200) })
  .strict();

export const reportCalls = {
  agreementReport: call<AgreementReport>()(z.tuple([ReportScopeInput])),
  modelStepTrust: call<StepTrust>()(z.tuple([StepTrustInput])),
  recordingFinals: call<RecordingFinals>()(z.tuple([z.number().int().positive()])),
  exportReport: call<ExportedFile>()(z.tuple([ReportExportInput])),
  listFeedbackCandidates: call<FeedbackCandidate[]>()(z.tuple([])),
  /** Pictures are taken from the videos with ffmpeg, so it can take a while and be cancelled. */
  exportFeedback: call<ExportedFile>()(z.tuple([OperationIdArg, CandidateInput]), { cancellable: true }),
} as const;
