/** The review calls of the contract (contract/review.ts), implemented by the review services. */
import { type reviewCalls } from '../../contract/review';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { adjudicateStep } from './double';
import { setLeadExaminer } from './duties';
import { addExaminer, getExaminer, listExaminers } from './examiners';
import { importStepSpans } from '../label-import/spans';
import { revealSuggestions, setStepMark, setStepSpan, submitMarking, takeSuggestion } from './marking';
import { listReviewRecordings } from './review-list';
import { openReview } from './review-view';

export function reviewHandlers(ctx: ServiceContext, actor: string): HandlersFor<typeof reviewCalls> {
  const view = (ref: Parameters<typeof openReview>[1]) => openReview(ctx.db, ref);
  return {
    listExaminers: () => listExaminers(ctx.db),
    // Who adds an examiner is whoever runs the app; the examiner acts as themself from then on.
    addExaminer: ([input]) => addExaminer(ctx.db, input.name, actor),
    listReviewRecordings: ([filter]) => listReviewRecordings(ctx.db, filter),
    openReview: ([ref]) => view(ref),
    setStepMark: ([input]) => setStepMark(ctx.db, input),
    takeSuggestion: ([input]) => takeSuggestion(ctx.db, input),
    setStepSpan: ([input]) => setStepSpan(ctx.db, input),
    importStepSpans: ([input]) =>
      importStepSpans(ctx.db, input.text, input.fileName, {
        examiner: getExaminer(ctx.db, input.examinerId).name,
        actor,
      }),
    revealSuggestions: ([ref]) => {
      revealSuggestions(ctx.db, ref);
      return view(ref);
    },
    submitMarking: ([ref]) => {
      submitMarking(ctx.db, ref);
      return view(ref);
    },
    adjudicateStep: ([input]) => {
      adjudicateStep(ctx.db, input);
      return view({ recordingId: input.recordingId, examinerId: input.examinerId, adjudicating: true });
    },
    setLeadExaminer: ([input]) => setLeadExaminer(ctx.db, input, actor),
  };
}
