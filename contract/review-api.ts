/** The review calls of the contract (spread into `api` in contract/api.ts). */
import { z } from 'zod';
import { call } from './define';
import {
  AdjudicationInput, ExaminerNameInput, ReviewListFilter, ReviewRef, StepMarkInput, StepSpanInput, TakeSuggestionInput,
} from './review-args';
import type { Examiner, MarkingState, ReviewList, ReviewView } from './review-types';

export const reviewCalls = {
  listExaminers: call<Examiner[]>()(z.tuple([])),
  addExaminer: call<Examiner>()(z.tuple([ExaminerNameInput])),
  listReviewRecordings: call<ReviewList>()(z.tuple([ReviewListFilter])),
  /** Reads only; suggestions are in it only once this examiner may see them. */
  openReview: call<ReviewView>()(z.tuple([ReviewRef])),
  /** Each mark is saved (and audited) as it is made; the result is the examiner's marking afterwards. */
  setStepMark: call<MarkingState>()(z.tuple([StepMarkInput])),
  takeSuggestion: call<MarkingState>()(z.tuple([TakeSuggestionInput])),
  setStepSpan: call<MarkingState>()(z.tuple([StepSpanInput])),
  revealSuggestions: call<ReviewView>()(z.tuple([ReviewRef])),
  submitMarking: call<ReviewView>()(z.tuple([ReviewRef])),
  adjudicateStep: call<ReviewView>()(z.tuple([AdjudicationInput])),
};
