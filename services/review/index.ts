/** Physician-in-the-loop marking: examiners, blind-first marking, suggestions, double marking. Import from here. */
export * from './errors';
export { listExaminers, addExaminer, getExaminer } from './examiners';
export { setStepMark, takeSuggestion, revealSuggestions, submitMarking, setStepSpan, type MarkingRef, type StepMarkInput } from './marking';
export { adjudicateStep, discrepancies, finalsView } from './double';
export { openReview } from './review-view';
export { listReviewRecordings, type ReviewListQuery } from './review-list';
