/**
 * English glossary: every figure the reports show, with one line a clinician can read without
 * statistics training. Used for tooltips in the app and the glossary section of the app, HTML and PDF.
 */
export const glossary = {
  title: 'What the figures mean',
  intro:
    'Each figure compares two sets of marks on the same recordings: two examiners, or a model and the final scores.',
  terms: {
    finalScore: {
      term: 'Final score',
      short:
        'The adjudicated score of a step, else the score every examiner agrees on, else a single examiner’s score.',
    },
    qwk: {
      term: 'Step κ (weighted kappa)',
      short:
        'How often two raters give a step the same grade, beyond what chance alone would give: 0 is chance, 1 is always the same.',
    },
    ac1: {
      term: 'AC1',
      short: 'Like κ, but not thrown off when almost every step gets full marks: 0 is chance, 1 is always the same.',
    },
    exact: {
      term: 'Exact agreement',
      short: 'The share of steps both raters put in exactly the same grade (full, minor deduction, deficient, zero).',
    },
    mcc: {
      term: 'MCC',
      short:
        'How well errors are told apart from correct steps: 0 is no better than guessing, 1 is perfect, below 0 is backwards.',
    },
    plcc: {
      term: 'PLCC',
      short:
        'Whether recordings with higher totals from one rater also get higher totals from the other (1 = in step, 0 = unrelated).',
    },
    srcc: {
      term: 'SRCC',
      short: 'Like PLCC, but only the order of the recordings counts, not the size of the differences.',
    },
    precision: {
      term: 'Precision',
      short: 'Of the steps the model called errors, the share that really were errors.',
    },
    recall: {
      term: 'Recall',
      short: 'Of the real errors, the share the model found.',
    },
    f1: {
      term: 'F1',
      short:
        'Precision and recall in one number; high even for a model that calls every step an error, so read it with MCC.',
    },
    predictedErrors: {
      term: 'Predicted errors',
      short: 'The share of steps the model called errors; near 100% means it flags almost everything.',
    },
    baseline: {
      term: 'All-errors baseline',
      short: 'What a model would score that calls every step an error: anything worth using must beat it on MCC.',
    },
    coverage: {
      term: 'Coverage',
      short:
        'How many of the recordings with final scores the model answered; a model that covers too few is not ranked.',
    },
    standing: {
      term: 'Standing',
      short:
        'Whether a model is reliably behind the leader, or its 95% interval overlaps the leader’s (no real difference).',
    },
    ci: {
      term: '95% interval',
      short: 'The range the figure would likely fall in with other recordings of the same kind; wide means uncertain.',
    },
    stringency: {
      term: 'Stringency (hawk / dove)',
      short: 'Whether an examiner’s totals sit reliably below (hawk) or above (dove) the final scores.',
    },
    drift: {
      term: 'Drift',
      short: 'Whether an examiner became stricter or more lenient over the exam day, per station.',
    },
    blandAltman: {
      term: 'Bland-Altman',
      short:
        'The difference between two examiners’ totals per recording, per station: the bias and the range 95% of differences fall in.',
    },
    notAssessable: {
      term: 'Not assessable',
      short: 'A step that cannot be judged from the recording; it is left out of every figure.',
    },
    n: {
      term: 'n',
      short: 'How many recordings or steps a figure is computed on; few means the figure may change a lot.',
    },
  },
} as const;
