/**
 * The words the app's Reports section and the HTML/PDF report both use for the leaderboard's
 * groups, standings and published figures, kept in one place so the two say the same thing (and a
 * later translation has one list to work from). Whole phrases only: no sentence is assembled from
 * pieces here.
 */
import type { PublishedFigureName } from '../agreement/published';

export const GROUP_TITLES: Record<string, string> = {
  'score/full': 'Step scores · full video',
  'score/clips': 'Step scores · step clips',
  'binary/full': 'Correct/error · full video',
  'binary/clips': 'Correct/error · step clips',
  'score/unknown': 'Step scores · mode not declared',
  'binary/unknown': 'Correct/error · mode not declared',
};

export const STANDING_LABELS = {
  leader: 'leader',
  indistinguishable: 'not distinguishable from the leader',
  behind: 'behind the leader',
} as const;

export const FIGURE_NAMES: Record<PublishedFigureName, string> = {
  qwk: 'step κ',
  plcc: 'PLCC',
  srcc: 'SRCC',
  mcc: 'MCC',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
};

export const PAIRED_TITLES = {
  'full-vs-clips': 'Full video vs step clips',
  'score-vs-binary': 'Step scores vs correct/error',
} as const;

/** What the difference measures, per kind of comparison and figure. */
export const PAIRED_FIGURES = {
  qwk: 'step κ against the final scores',
  mcc: 'error-detection MCC against the final scores',
} as const;
