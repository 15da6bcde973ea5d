/**
 * Shapes of the physician-in-the-loop review as they cross the bridge: the review queue, one
 * examiner's marking of one recording, model suggestions (only ever sent once they may be seen),
 * double marking and adjudication.
 */
import type { RecordingListItem } from './types';
import type { RecordingStatusName } from './report-types';

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
  updatedAt: string;
}

export interface StepSpan {
  stepId: string;
  startS: number;
  endS: number;
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
