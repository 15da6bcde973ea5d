/**
 * A model's answer once it has been checked against the rubric (services/scoring/engine/answer.ts
 * checks it): the one typed shape an answer is validated into, stored as and read back as.
 */

import { z } from 'zod';

/** Step scores, or correct/error judgments (error detection). */
export type ScoringTask = 'score' | 'binary';

/** Where the JSON object was found in the answer's text. */
export type ExtractedFrom = 'whole' | 'fenced' | 'embedded';

export interface StepJudgement {
  /** Score tasks: one of the step's allowed scores. */
  score?: number;
  /** Binary tasks: true when performed fully to the criteria. */
  correct?: boolean;
  rationale: string;
  /** Times in seconds of the frames that show it. */
  evidence_s: number[];
}

export interface ParsedAnswer {
  task: ScoringTask;
  /** Rubric step id → the model's judgement of it. */
  steps: Record<string, StepJudgement>;
  extractedFrom: ExtractedFrom;
}

/**
 * An answer as it travels in a file (an exam bundle's model run): parsed with this schema, so a
 * bundle's answer is stored exactly as one the app validated itself, or refused.
 */
export const ParsedAnswerSchema = z
  .object({
    task: z.enum(['score', 'binary']),
    steps: z.record(
      z.string().min(1).max(200),
      z
        .object({
          score: z.number().finite().min(0).optional(),
          correct: z.boolean().optional(),
          rationale: z.string().max(100_000),
          evidence_s: z.array(z.number().finite()).max(10_000),
        })
        .strict(),
    ),
    extractedFrom: z.enum(['whole', 'fenced', 'embedded']),
  })
  .strict()
  .refine(
    (a) => Object.values(a.steps).every((s) => (a.task === 'score' ? s.score !== undefined : s.correct !== undefined)),
    {
      message: 'every step needs a score (step scores) or a verdict (correct/error)',
    },
  ) satisfies z.ZodType<ParsedAnswer>;
