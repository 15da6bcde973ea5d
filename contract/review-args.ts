/** Argument schemas of the review calls. Every IPC argument arrives as unknown and is checked here. */
import { z } from 'zod';

const id = (label: string) => z.number({ error: `${label} must be a number` }).int(`${label} must be a whole number`).positive(`${label} must be positive`);

const text = (label: string, max: number) =>
  z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);

const stepId = z.string().trim().min(1, 'step id must not be empty').max(200, 'step id must be at most 200 characters');

/** Seconds into a recording; a day is far beyond any OSCE station. */
const seconds = (label: string) => z.number({ error: `${label} must be a number of seconds` }).min(0, `${label} must not be negative`).max(86_400, `${label} is beyond any recording`);

/** A score is checked against the rubric step's allowed scores in the service; here only its type. */
const score = z.number({ error: 'score must be a number' }).min(0, 'score must not be negative').max(1000, 'score is implausibly large');

export const ExaminerNameInput = z.object({ name: text('examiner name', 120) }).strict();

export const REVIEW_STATUSES = ['unmarked', 'suggestions_ready', 'marked_by_one', 'double_marked', 'disagreement', 'final'] as const;

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
 * One change to one step: exactly one of score, notAssessable (with its reason), clearing it, or a
 * comment. `changeReason` is required by the service once the marking is submitted.
 */
export const StepMarkInput = z
  .object({
    recordingId: id('recording id'),
    examinerId: id('examiner id'),
    stepId,
    score: score.optional(),
    notAssessable: z.object({ reason: text('not-assessable reason', 500) }).strict().optional(),
    clearNotAssessable: z.literal(true).optional(),
    comment: z.string().max(2000, 'comment must be at most 2000 characters').nullable().optional(),
    changeReason: text('reason for the change', 500).optional(),
  })
  .strict()
  .refine(
    (v) => [v.score !== undefined, v.notAssessable !== undefined, v.clearNotAssessable !== undefined, v.comment !== undefined].filter(Boolean).length === 1,
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
