/** Named refusals of the review services, so the review screen can say exactly what to do next. */

/** A mark the rubric step does not allow, or a step the rubric does not have. `issues` names the step. */
export class InvalidMarkError extends Error {
  override name = 'InvalidMark';
  readonly issues: { path: string; message: string }[];
  constructor(stepId: string, message: string) {
    super(`${stepId}: ${message}`);
    this.issues = [{ path: stepId, message }];
  }
}

/** The marking was submitted: a change needs a reason, which is kept in the audit trail. */
export class MarkingLockedError extends Error {
  override name = 'MarkingLocked';
  constructor() {
    super('This marking was submitted and is locked. Give a reason to change it; the change is audited.');
  }
}

/** Reveal or submit before every step has a score or is marked not assessable. */
export class IncompleteMarkingError extends Error {
  override name = 'IncompleteMarking';
  constructor(
    readonly action: 'reveal' | 'submit',
    readonly missingSteps: string[],
  ) {
    super(
      `Score every step (or mark it not assessable) before you ${action === 'reveal' ? 'reveal suggestions' : 'submit'}: ` +
        `${missingSteps.length} step${missingSteps.length === 1 ? '' : 's'} left (${missingSteps.slice(0, 5).join(', ')}${missingSteps.length > 5 ? ', …' : ''}).`,
    );
  }
}

/** Blind first: suggestions are not visible to this examiner yet, so none can be taken. */
export class SuggestionsHiddenError extends Error {
  override name = 'SuggestionsHidden';
  constructor() {
    super('Model suggestions are hidden until you have scored every step and revealed them.');
  }
}

/** Adjudication asked for while it is not possible (marks still hidden, or the examiners agree). */
export class NotAdjudicableError extends Error {
  override name = 'NotAdjudicable';
  constructor(message: string) {
    super(message);
  }
}

/** A rater id that is not an examiner (e.g. a model configuration's id). */
export class NotAnExaminerError extends Error {
  override name = 'NotAnExaminer';
  constructor(id: number) {
    super(`Rater ${id} is not an examiner.`);
  }
}
