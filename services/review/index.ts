/** Physician-in-the-loop marking: examiners, blind-first marking, suggestions, double marking. Import from here. */
export * from './errors';
export { setStepMark, submitMarking, type MarkingRef, type StepMarkInput } from './marking';
export { openReview } from './review-view';
export { listReviewRecordings, type ReviewListQuery } from './review-list';
