/**
 * The agreement report, leaderboard, trust figures, final scores and exports as they cross the
 * bridge (and as the JSON export writes them), and the report calls. Undefined figures are
 * `{ value: null, reason }`, never NaN.
 */
import { z } from 'zod';
import type { AgreementResult } from '../domain/agreement/compute';
import type { Metric } from '../domain/agreement/metrics';
import type { ConfidenceInterval } from '../domain/agreement/bootstrap';
import type { PublishedFigure, PublishedTaskFigures } from '../domain/agreement/published';
import { call, hostCall } from './define';
import { OperationId } from './primitives';
import { LOCALES } from '../domain/i18n/locales';

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

/** Whether a configuration scored steps or judged them correct/error, and from what video. */
export type ModelTask = 'score' | 'binary';
export type ModelMode = 'full' | 'clips';

/**
 * One model configuration: everything that changes results (model, prompt version, task, mode,
 * frames, resolution, image detail, audio, temperature, seed). A run made in the app knows all of
 * them; imported predictions declare task and mode and may declare the rest (null: not declared).
 */
export interface ModelConfigInfo {
  key: string;
  raterId: number;
  model: string;
  promptVersion: string;
  task: ModelTask;
  /** 'unknown' only for predictions imported before a file had to say it. */
  mode: ModelMode | 'unknown';
  /** Frames per request (per recording in full mode, per step in clip mode). */
  frames: number | null;
  /** Long side of each frame in pixels. */
  resolution: number | null;
  detail: 'low' | 'high' | 'auto' | null;
  /** The configuration sends the recording's audio where the recording has a sound track. */
  audio: boolean | null;
  temperature: number | null;
  seed: number | null;
  /** Faces were blurred in the frames before they were sent. */
  facesMasked: boolean;
  provider: string | null;
  source: 'app' | 'import' | 'demo';
  /** Every setting above that is known, e.g. "gpt-4o · prompt score-v2 · step scores · full video · 16 frames · 768 px · …". */
  label: string;
  recordings: number;
}

export interface PairAgreement {
  a: RaterRef;
  b: RaterRef;
  result: AgreementResult;
}

/** One examiner at one station: totals of different stations are never pooled. */
export interface StringencyEntry {
  examiner: RaterRef;
  station: string;
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
  /** Totals of different stations are not comparable: each series is one station's recordings. */
  station: string;
  points: DriftPoint[];
  /** Least-squares change in total deviation per further recording marked. */
  slope: Metric;
  firstHalfMean: Metric;
  secondHalfMean: Metric;
}

export interface BlandAltmanData {
  a: RaterRef;
  b: RaterRef;
  /** One station's recordings: totals of different stations are never pooled. */
  station: string;
  /** diff = b − a, mean = (a + b) / 2, of recording totals both scored completely. */
  points: { recordingId: number; mean: number; diff: number }[];
  n: number;
  meanDiff: Metric;
  sdDiff: Metric;
  lower: Metric;
  upper: Metric;
}

export type { ConfidenceInterval, PublishedFigure, PublishedTaskFigures };

export interface PaperFigures {
  source: string;
  /** Table 3: physician agreement before adjudication. */
  physicians: { plcc: number; kappa: number; table: string };
  /** Per task and mode: the best published figures, each with its model and table. */
  tasks: PublishedTaskFigures[];
}

/** The minimum an entry must meet to be ranked (settable per report). */
export interface LeaderboardSettings {
  /** Share of the scope's recordings with final scores the entry must cover, 0 to 1. */
  minCoverage: number;
  /** Recordings an entry, and the set shared by every ranked entry, must have at least. */
  minRecordings: number;
}

/** How much of the scope an entry judged. */
export interface EntryCoverage {
  /** Recordings with final scores the entry gave a usable answer for. */
  recordings: number;
  /** Recordings in scope with final scores. */
  ofRecordings: number;
  /** (recording, step) items with a final score the entry scored. */
  steps: number;
  ofSteps: number;
  /** Items with a final score the entry answered as not assessable (e.g. spoken steps without audio). */
  notAssessable: number;
  /** recordings / ofRecordings. */
  fraction: number;
}

/** Error detection read in full: positive = a step scored below its maximum. */
export interface ErrorDetectionFigures {
  n: number;
  precision: Metric;
  recall: Metric;
  f1: Metric;
  mcc: Metric;
  /** Share of steps the rater called errors. */
  predictedErrorRate: Metric;
  /** Share of steps the final scores call errors. */
  prevalence: Metric;
}

/** leader: rank 1; indistinguishable: its interval overlaps the leader's; behind: it does not. */
export type Standing = 'leader' | 'indistinguishable' | 'behind';

export interface LeaderboardEntry {
  /** The task and mode group it is compared in, e.g. "score/full". */
  group: string;
  /** 1-based within its group, ties sharing a rank; null when not ranked (see `unranked`). */
  rank: number | null;
  /** Why it is listed apart, unranked (partial coverage, too few recordings, unknown mode, undefined figure). */
  unranked: string | null;
  config: ModelConfigInfo;
  coverage: EntryCoverage;
  /** Ranking figure on the group's common items: step-level quadratic κ for score tasks, MCC for binary. */
  primary: { name: 'qwk' | 'mcc'; metric: Metric; interval: ConfidenceInterval | null };
  /** Null for an unranked entry, or when no interval could be made. */
  standing: Standing | null;
  /** Against the final scores (rater a = final): on the common items when ranked, on its own items when not. */
  result: AgreementResult;
  errorDetection: ErrorDetectionFigures;
}

/** One of the paper's four tasks: entries compared on the items they all cover. */
export interface LeaderboardGroup {
  key: string;
  task: ModelTask;
  mode: ModelMode | 'unknown';
  /** The items every ranked entry covers; the figures of ranked entries are computed on exactly these. */
  commonSet: { recordings: number; steps: number; stations: string[] };
  /**
   * Items some ranked entries scored and others did not (answered not assessable, such as spoken
   * steps without audio, or not judged): left out for every entry so all are compared alike.
   */
  leftOut: number;
  /** Why nothing in the group could be ranked, if so. */
  problem: string | null;
  /** Calling every step of the common set an error: P = prevalence, R = 1, F1 = 2p/(1+p), MCC = 0. */
  allErrorsBaseline: ErrorDetectionFigures | null;
  published: PublishedTaskFigures | null;
}

/** One figure of a paired comparison: A and B on the same items, and B − A with its paired-bootstrap interval. */
export interface PairedFigure {
  recordings: number;
  steps: number;
  a: Metric;
  b: Metric;
  difference: Metric;
  interval: ConfidenceInterval | null;
}

/**
 * One model configuration run two ways, compared on the steps both cover: full video vs step
 * clips (same task), or step scores vs correct/error (same mode, read as error detection).
 */
export interface PairedComparison {
  kind: 'full-vs-clips' | 'score-vs-binary';
  /** A: full video (or step scores); B: step clips (or correct/error). The difference is B − A. */
  a: ModelConfigInfo;
  b: ModelConfigInfo;
  figure: 'qwk' | 'mcc';
  overall: PairedFigure;
  perStation: (PairedFigure & { station: string })[];
  perStep: (PairedFigure & { stepId: string; title: string })[];
}

export interface Leaderboard {
  settings: LeaderboardSettings;
  groups: LeaderboardGroup[];
  /** Every entry of every group, ranked ones first within a group. */
  entries: LeaderboardEntry[];
  paired: PairedComparison[];
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

const ExportLocale = z.enum(LOCALES, { message: 'language must be en or zh-CN' });

export const ReportScopeInput = z
  .object({
    sessionId: z.number().int().positive().optional(),
    /** Station code or rubric id. */
    station: z.string().trim().min(1, 'station must not be empty').max(64).optional(),
    /** The language of step names and configuration labels. */
    locale: ExportLocale.optional(),
    /** Leaderboard: share of recordings with final scores an entry must cover to be ranked. */
    minCoverage: z
      .number({ message: 'minimum coverage must be a number' })
      .min(0, 'minimum coverage must be at least 0')
      .max(1, 'minimum coverage must be at most 1 (100%)')
      .optional(),
    /** Leaderboard: recordings an entry must cover to be ranked. */
    minRecordings: z
      .number({ message: 'minimum recordings must be a number' })
      .int('minimum recordings must be a whole number')
      .min(1, 'minimum recordings must be at least 1')
      .max(100_000, 'minimum recordings must be at most 100000')
      .optional(),
  })
  .strict();

/** The language a report or feedback is written in (the page passes its resolved language). */

export const ReportExportInput = ReportScopeInput.extend({
  format: z.enum(['html', 'csv', 'json'], { message: 'format must be html, csv or json' }),
  locale: ExportLocale.optional(),
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
  .object({
    candidate: z.string().trim().min(1, 'candidate code must not be empty').max(200),
    locale: ExportLocale.optional(),
  })
  .strict();

export const SessionFeedbackInput = z
  .object({ sessionId: z.number().int().positive(), locale: ExportLocale.optional() })
  .strict();

export const reportCalls = {
  agreementReport: call<AgreementReport>()(z.tuple([ReportScopeInput])),
  modelStepTrust: call<StepTrust>()(z.tuple([StepTrustInput])),
  recordingFinals: call<RecordingFinals>()(z.tuple([z.number().int().positive()])),
  exportReport: call<ExportedFile>()(z.tuple([ReportExportInput])),
  listFeedbackCandidates: call<FeedbackCandidate[]>()(z.tuple([])),
  /** Pictures are taken from the videos with ffmpeg, so it can take a while and be cancelled. */
  exportFeedback: call<ExportedFile>()(z.tuple([OperationId, CandidateInput]), { cancellable: true }),
  /** Every candidate of one session in one document, each starting on a new page. */
  exportSessionFeedback: call<ExportedFile>()(z.tuple([OperationId, SessionFeedbackInput]), { cancellable: true }),
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
