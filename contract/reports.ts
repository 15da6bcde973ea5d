/**
 * The agreement report, leaderboard, trust figures, final scores and exports as they cross the
 * bridge (and as the JSON export writes them), and the report calls. Undefined figures are
 * `{ value: null, reason }`, never NaN.
 */
import { z } from 'zod';
import type { AgreementResult } from '../domain/agreement/compute';
import type { Metric } from '../domain/agreement/metrics';
import { call, hostCall } from './define';
import { OperationId } from './primitives';

export type { AgreementResult, Metric };

export type RaterKind = 'examiner' | 'model' | 'final' | 'marker';

/** A rater as reports name it. Model labels always say they are model suggestions. */
export interface RaterRef {
  /** Stable key used in label rows: `examiner:3`, `model:<config key>`, `final`, `marker:1`. */
  key: string;
  kind: RaterKind;
  /** The examiner's or model's rater id; null for the final scores and the pooled markers. */
  raterId: number | null;
  name: string;
  label: string;
}

/** One model configuration: model + prompt version + task + mode (a run made in the app or imported). */
export interface ModelConfigInfo {
  key: string;
  raterId: number;
  model: string;
  promptVersion: string;
  task: 'score' | 'binary';
  mode: string;
  provider: string | null;
  source: 'app' | 'import' | 'demo';
  /** E.g. "gpt-4o · prompt v3 · step scores · full video (model suggestion)". */
  label: string;
  recordings: number;
}

export interface PairAgreement {
  a: RaterRef;
  b: RaterRef;
  result: AgreementResult;
}

export interface StringencyEntry {
  examiner: RaterRef;
  /** Double-marked recordings whose every step has a final score. */
  nRecordings: number;
  nSteps: number;
  /** Mean of (examiner − final) per step, in points. */
  meanStepDeviation: Metric;
  /** Mean of (examiner total − final total) per recording, in points, with a normal 95% interval. */
  meanTotalDeviation: Metric;
  interval: { low: number; high: number } | null;
  /** hawk: reliably below the final scores; dove: reliably above; undecided: the interval spans 0. */
  verdict: 'hawk' | 'dove' | 'undecided' | 'not enough data';
}

export interface DriftPoint {
  order: number;
  recordingId: number;
  at: string | null;
  deviation: number;
}

export interface DriftSeries {
  examiner: RaterRef;
  session: string;
  points: DriftPoint[];
  /** Least-squares change in total deviation per further recording marked. */
  slope: Metric;
  firstHalfMean: Metric;
  secondHalfMean: Metric;
}

export interface BlandAltmanData {
  a: RaterRef;
  b: RaterRef;
  /** diff = b − a, mean = (a + b) / 2, of recording totals both scored completely. */
  points: { recordingId: number; mean: number; diff: number }[];
  n: number;
  meanDiff: Metric;
  sdDiff: Metric;
  lower: Metric;
  upper: Metric;
}

export interface PaperFigures {
  source: string;
  physicians: { plcc: number; kappa: number };
  bestModel: { plcc: number; stepKappaAtMost: number; binaryMcc: number };
}

export interface LeaderboardEntry {
  /** 1-based within the task (step scores and binary judgments are ranked separately); null when undefined. */
  rank: number | null;
  config: ModelConfigInfo;
  /** Ranking figure: step-level quadratic κ for score tasks, MCC for binary tasks. */
  primary: { name: 'qwk' | 'mcc'; metric: Metric };
  /** Against the final scores (rater a = final). */
  result: AgreementResult;
}

export interface Leaderboard {
  entries: LeaderboardEntry[];
  /** First vs second examiner of every double-marked recording: the most a model can hope for. */
  ceiling: PairAgreement | null;
  paper: PaperFigures;
}

/**
 * Per-step trust of one model configuration. For score tasks κ, AC1 and exact agreement are on the
 * four ordinal categories; a correct/error (binary) task has no partial credit, so there κ and AC1
 * are undefined and `exact` is agreement on correct/error, with MCC beside it.
 */
export interface StepTrustRow {
  stepId: string;
  title: string;
  rubricId: string;
  n: number;
  enough: boolean;
  qwk: Metric;
  ac1: Metric;
  exact: Metric;
  mcc: Metric;
}

export interface StepTrust {
  config: ModelConfigInfo;
  minCount: number;
  steps: StepTrustRow[];
}

export type RecordingStatusName =
  'unmarked' | 'suggestions_ready' | 'marked_by_one' | 'double_marked' | 'disagreement' | 'final';

/** One submitted examiner's mark for one step; score null means marked not assessable. */
export interface ExaminerStepMark {
  raterId: number;
  score: number | null;
}

export type FinalSource = 'adjudication' | 'agreed' | 'single-examiner';

/** A step's final score (services/review/final-scores.ts has the one definition). */
export type FinalStep =
  | { stepId: string; state: 'final'; score: number; source: FinalSource }
  | { stepId: string; state: 'not_assessable'; source: Exclude<FinalSource, 'adjudication'> }
  | { stepId: string; state: 'disagreement'; marks: ExaminerStepMark[] }
  | { stepId: string; state: 'unmarked' };

export interface RecordingFinals {
  recordingId: number;
  rubricId: string;
  rubricVersion: number;
  /** One entry per rubric step, in rubric order. */
  steps: FinalStep[];
  /** Examiners who submitted, in submission order. */
  submittedExaminers: number[];
  inProgressExaminers: number;
  /** Model configurations (raters) with at least one suggestion for this recording. */
  modelRaters: number;
  status: RecordingStatusName;
  /** Every step has a final score or is final as not assessable. */
  complete: boolean;
  disagreements: number;
  adjudicated: number;
}

export interface ReportScope {
  session: string | null;
  station: string | null;
  recordings: number;
  sessions: string[];
  stations: { code: string; rubricId: string }[];
  status: Record<RecordingStatusName, number>;
}

export interface AgreementReport {
  generatedAt: string;
  appVersion: string;
  scope: ReportScope;
  bootstrap: { resamples: number; seed: number };
  examiners: RaterRef[];
  examinerPairs: PairAgreement[];
  stringency: StringencyEntry[];
  drift: DriftSeries[];
  blandAltman: BlandAltmanData[];
  leaderboard: Leaderboard;
  trust: StepTrust[];
  steps: { stepId: string; title: string; rubricId: string; maxPoints: number }[];
  /** Data the report had to leave out, and why (a score the rubric does not allow, ...). */
  problems: string[];
  /**
   * The audit chain's head when the report was made, and the anchor's installation: a printed
   * report can later contradict a rewritten trail (`osce audit verify`). Null without an anchor.
   */
  auditHead?: { seq: number; hash: string; installation: string } | null;
}

export type ExportFormat = 'html' | 'csv' | 'json';

/** A file the renderer offers as a download. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface FeedbackCandidate {
  code: string;
  recordings: number;
}

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
  exportFeedback: call<ExportedFile>()(z.tuple([OperationId, CandidateInput]), { cancellable: true }),
  /** Prints a report or feedback HTML (from exportReport/exportFeedback) to PDF and saves it where the user chooses. */
  saveReportPdf: hostCall<{ file: string } | null>()(
    z.tuple([
      z
        .object({
          html: z
            .string()
            .min(1)
            .max(40 * 1024 * 1024, 'the report is too large to print'),
          fileName: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .regex(/^[^\\/:*?"<>|]+\.pdf$/, 'file name must end in .pdf and contain no path'),
        })
        .strict(),
    ]),
  ),
} as const;
