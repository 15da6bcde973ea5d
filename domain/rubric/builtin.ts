/**
 * The three station rubrics shipped with the app. Static JSON imports so they are bundled into
 * dist/ by esbuild and need no file access at run time.
 */
import aed from '../../resources/rubrics/aed.json';
import bmv from '../../resources/rubrics/bmv.json';
import cpr from '../../resources/rubrics/cpr.json';
import type { Rubric, RubricProblem } from './types';
import { validateRubric } from './validate';

/** A shipped rubric failed validation: a packaging bug, never the user's doing. */
class BuiltinRubricInvalidError extends Error {
  override readonly name = 'BuiltinRubricInvalidError';
  constructor(
    readonly rubricId: string,
    readonly problems: RubricProblem[],
  ) {
    super(`built-in rubric '${rubricId}' is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  }
}

const SOURCES: ReadonlyArray<readonly [string, unknown]> = [
  ['cpr', cpr],
  ['aed', aed],
  ['bmv', bmv],
];

let validated: Rubric[] | null = null;

/** CPR, AED, BMV in that order. Each call returns fresh copies, so a caller that edits one (e.g.
 *  an editor seeded from a built-in) cannot change what the next caller gets. */
export function builtinRubrics(): Rubric[] {
  validated ??= SOURCES.map(([id, source]) => {
    const result = validateRubric(source);
    if (!result.ok) throw new BuiltinRubricInvalidError(id, result.problems);
    return result.rubric;
  });
  return validated.map((rubric) => structuredClone(rubric));
}

/** The built-in rubric with this id, or undefined. */
export function builtinRubric(id: string): Rubric | undefined {
  return builtinRubrics().find((rubric) => rubric.id === id);
}
