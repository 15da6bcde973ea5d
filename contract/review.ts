/**
 * The physician-in-the-loop review as it crosses the bridge: the review queue, one examiner's
 * marking of one recording, model suggestions (only ever sent once they may be seen), double
 * marking and adjudication; the calls' argument schemas (every IPC argument arrives as unknown and
 * is checked here) and the calls.
 */
import { z } from 'zod';
import { call } from './define';
import { nameField } from './primitives';
import type { RecordingListItem } from './recordings';
import type { RecordingStatusName } from './reports';

export interface Examiner {
  id: number;
  name: string;
}

/** One examiner's own marking of a recording, from the viewing examiner's point of view. */
export type MarkingStatus = 'not_started' | 'in_progress' | 'submitted';

export interface ReviewListItem extends RecordingListItem {
  /** THE recording status (services/review/final-scores.ts). */
  status: RecordingStatusName;
  /** The viewing examiner's own marking of this recording. */
  myMarking: MarkingStatus;
  /** Steps with a time span (what clip scoring can send) out of the rubric's steps. */
  spans: { marked: number; steps: number };
  /** How many examiners have submitted their marking, and how many are still marking. */
  examiners: { submitted: number; inProgress: number };
}

export interface ReviewList {
  total: number;
  items: ReviewListItem[];
  /** Station codes present in the lab, for the station filter. */
  stations: string[];
}

/** The examiner's mark on one rubric step. `score` is null when unscored or not assessable. */
export interface StepMark {
  stepId: string;
  score: number | null;
  /** The score given before suggestions were revealed; null when there was no blind phase. */
  blindScore: number | null;
  notAssessable: boolean;
  notAssessableReason: string | null;
  comment: string | null;
  /** The current score was taken from a model suggestion by an explicit action. */
  fromSuggestion: boolean;
  /** A suggestion was visible to the examiner when the current score was set. */
  suggestionVisible: boolean;
  /** A correct/error suggestion the examiner accepted: "model says correct/error" (the score stays the examiner's). */
  modelVerdict: 'correct' | 'error' | null;
  updatedAt: string;
}

export interface StepSpan {
  stepId: string;
  startS: number;
  endS: number;
  /** The viewing examiner set (or imported) this span; false: another examiner's, the recording's latest. */
  mine: boolean;
}

export interface MarkingState {
  recordingId: number;
  examinerId: number;
  status: MarkingStatus;
  blindFirst: boolean;
  revealedAt: string | null;
  submittedAt: string | null;
  /** Whether this examiner may see model suggestions now (blind first off, or revealed). */
  suggestionsVisible: boolean;
  /** Marks on the steps this examiner has touched; steps without one are unscored. */
  marks: StepMark[];
  /** Every step is scored or marked not assessable. */
  complete: boolean;
  /** Steps still needing a score or "not assessable", in rubric order. */
  missingSteps: string[];
  spans: StepSpan[];
}

export interface ReviewStep {
  id: string;
  title: string;
  criteria: string;
  maxPoints: number;
  allowedScores: number[];
  critical: boolean;
  /** The rubric's typical deductions for the step, shown while marking. */
  deductions: { points: number; reason: string }[];
}

export interface ReviewRecording {
  id: number;
  sessionName: string;
  stationCode: string;
  candidateCode: string | null;
  fileName: string;
  durationS: number;
  fps: number;
  /** Media URL path to play, under the bridge's mediaBaseUrl (the import service's playable file); null when none. */
  mediaPath: string | null;
  /** Why there is nothing to play, when mediaPath is null. */
  mediaProblem: string | null;
}

/** How far a model configuration agreed with final examiner scores on one step, in this lab's data. */
export interface TrustFigure {
  /** E.g. "κ 0.05 (n = 42)" or "not enough data (n = 3, need 20)". */
  label: string;
  value: number | null;
  n: number;
  enough: boolean;
}

export interface SuggestionStep {
  stepId: string;
  /** Points the model suggests (binary answers: full marks for correct, 0 for an error). */
  score: number | null;
  /** Binary (correct/error) answers only. */
  correct: boolean | null;
  rationale: string | null;
  evidenceS: number[];
  trust: TrustFigure;
}

/** One model configuration's suggestions for this recording. */
export interface SuggestionSet {
  modelRaterId: number;
  modelName: string;
  /** Always says it is a model suggestion. */
  label: string;
  task: 'score' | 'binary';
  steps: SuggestionStep[];
  /** The run whose answer these are (its frames, exactly as sent, can be shown); null for imported suggestions. */
  runId: number | null;
}

export interface OtherExaminer {
  id: number;
  name: string;
  status: Exclude<MarkingStatus, 'not_started'>;
}

export interface DiscrepancyMark {
  examinerId: number;
  examinerName: string;
  /** null: marked not assessable. */
  score: number | null;
}

export interface Adjudication {
  finalScore: number;
  reason: string;
  adjudicatorName: string | null;
  at: string;
}

export interface Discrepancy {
  stepId: string;
  marks: DiscrepancyMark[];
  adjudication: Adjudication | null;
}

export interface FinalStepView {
  stepId: string;
  state: 'final' | 'not_assessable' | 'disagreement' | 'unmarked';
  score: number | null;
  source: 'adjudication' | 'agreed' | 'single-examiner' | null;
}

export interface FinalsView {
  status: RecordingStatusName;
  complete: boolean;
  steps: FinalStepView[];
  /** Sum of final scores (not-assessable steps left out); null while a step awaits adjudication. */
  total: number | null;
  /** Maximum of the steps that count (not-assessable steps left out). */
  maxTotal: number;
  failedCritical: { stepId: string; title: string; score: number }[];
}

export interface DoubleMarkingView {
  /** Other examiners with a marking of this recording: names and progress only, never marks, until visible. */
  others: OtherExaminer[];
  submittedCount: number;
  /** Two or more examiners have submitted and the viewer is not still marking. */
  othersVisible: boolean;
  /** Steps where submitted examiners differ; null while others' marks are hidden. */
  discrepancies: Discrepancy[] | null;
  finals: FinalsView | null;
  /** Why the viewer may not adjudicate (they marked it, or the session has other lead examiners); null when they may. */
  adjudicationBarrier: string | null;
}

export interface ReviewView {
  recording: ReviewRecording;
  rubric: { id: string; version: number; title: string; steps: ReviewStep[]; totalPoints: number };
  examiner: Examiner;
  marking: MarkingState;
  /** Model suggestions exist for this recording (their content is sent only once visible). */
  hasSuggestions: boolean;
  /** null while hidden: blind first and not yet revealed. */
  suggestions: SuggestionSet[] | null;
  double: DoubleMarkingView;
}

const id = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .positive(`${label} must be positive`);

const text = (label: string, max: number) =>
  z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);

const stepId = z.string().trim().min(1, 'step id must not be empty').max(200, 'step id must be at most 200 characters');

/** Seconds into a recording; a day is far beyond any OSCE station. */
const seconds = (label: string) =>
  z
    .number({ error: `${label} must be a number of seconds` })
    .min(0, `${label} must not be negative`)
    .max(86_400, `${label} is beyond any recording`);

/** A score is checked against the rubric step's allowed scores in the service; here only its type. */
const score = z
  .number({ error: 'score must be a number' })
  .min(0, 'score must not be negative')
  .max(1000, 'score is implausibly large');

export const ExaminerNameInput = z.object({ name: nameField('examiner') }).strict();

export const REVIEW_STATUSES = [
  'unmarked',
  'suggestions_ready',
  'marked_by_one',
  'double_marked',
  'disagreement',
  'final',
] as const;

export const ReviewListFilter = z
  .object({
    examinerId: id('examiner id').optional(),
    sessionId: id('session id').optional(),
    stationCode: z.string().trim().max(64).optional(),
    candidate: z.string().trim().max(120).optional(),
    status: z.enum(REVIEW_STATUSES).optional(),
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const ReviewRef = z.object({ recordingId: id('recording id'), examinerId: id('examiner id') }).strict();

/**
 * Opening a recording; `adjudicating`: an examiner who has not marked it asks to see the other
 * examiners' marks in order to adjudicate (they stay hidden from anyone still to mark it otherwise).
 */
export const OpenReviewInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('examiner id'),
    adjudicating: z.boolean().optional(),
    /** The language the rubric's words are shown in (its English text when it has none in that language). */
    locale: z.enum(['en', 'zh-CN']).optional(),
  })
  .strict();

/**
 * One change to one step: exactly one of score, notAssessable (with its reason), clearing it, or a
 * comment. `changeReason` is required by the service once the marking is submitted.
 */
export const StepMarkInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('examiner id'),
    stepId,
    score: score.optional(),
    notAssessable: z
      .object({ reason: text('not-assessable reason', 500) })
      .strict()
      .optional(),
    clearNotAssessable: z.literal(true).optional(),
    comment: z.string().max(2000, 'comment must be at most 2000 characters').nullable().optional(),
    changeReason: text('reason for the change', 500).optional(),
  })
  .strict()
  .refine(
    (v) =>
      [
        v.score !== undefined,
        v.notAssessable !== undefined,
        v.clearNotAssessable !== undefined,
        v.comment !== undefined,
      ].filter(Boolean).length === 1,
    { message: 'give exactly one of score, notAssessable, clearNotAssessable or comment' },
  );

export const TakeSuggestionInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('examiner id'),
    stepId,
    modelRaterId: id('model rater id'),
    changeReason: text('reason for the change', 500).optional(),
  })
  .strict();

export const StepSpanInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('examiner id'),
    stepId,
    startS: seconds('span start'),
    endS: seconds('span end'),
  })
  .strict()
  .refine((v) => v.endS > v.startS, { message: 'span end must be after its start', path: ['endS'] });

export const AdjudicationInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('adjudicator id'),
    stepId,
    finalScore: score,
    reason: text('adjudication reason', 1000),
  })
  .strict();

export const LeadExaminerInput = z
  .object({ sessionId: z.number().int().positive(), examinerId: z.number().int().positive(), lead: z.boolean() })
  .strict();

/** A spans CSV the examiner picked (recording,step_id,start_s,end_s), read in the page: its name and text. */
export const SpansImportInput = z
  .object({
    examinerId: id('examiner id'),
    fileName: z.string().trim().min(1, 'file name must not be empty').max(260, 'file name is too long'),
    text: z.string().max(50 * 1024 * 1024, 'the file is larger than 50 MB'),
  })
  .strict();

/** What a spans import wrote (every line was valid, or nothing was written). */
export interface SpansImportOutcome {
  file: string;
  examiner: string;
  newExaminer: boolean;
  spans: number;
  recordings: number;
  replaced: number;
}

export const reviewCalls = {
  listExaminers: call<Examiner[]>()(z.tuple([])),
  addExaminer: call<Examiner>()(z.tuple([ExaminerNameInput])),
  listReviewRecordings: call<ReviewList>()(z.tuple([ReviewListFilter])),
  /** Reads only; suggestions are in it only once this examiner may see them. */
  openReview: call<ReviewView>()(z.tuple([OpenReviewInput])),
  /** Each mark is saved (and audited) as it is made; the result is the examiner's marking afterwards. */
  setStepMark: call<MarkingState>()(z.tuple([StepMarkInput])),
  takeSuggestion: call<MarkingState>()(z.tuple([TakeSuggestionInput])),
  setStepSpan: call<MarkingState>()(z.tuple([StepSpanInput])),
  /** Spans for many recordings at once, as this examiner's; refused whole, line by line, when any line is wrong. */
  importStepSpans: call<SpansImportOutcome>()(z.tuple([SpansImportInput])),
  revealSuggestions: call<ReviewView>()(z.tuple([ReviewRef])),
  submitMarking: call<ReviewView>()(z.tuple([ReviewRef])),
  adjudicateStep: call<ReviewView>()(z.tuple([AdjudicationInput])),
  /** Names (or removes) a lead examiner of a session: when a session has any, only they adjudicate. */
  setLeadExaminer: call<Examiner[]>()(z.tuple([LeadExaminerInput])),
} as const;
