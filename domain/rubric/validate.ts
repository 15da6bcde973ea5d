/**
 * validateRubric: the boundary check for every rubric that enters the app (built-in JSON, an
 * imported file, a CSV checklist). Structure comes from resources/schemas/rubric.schema.json via
 * ajv; relations between fields come from semantic.ts. All problems are reported at once so a lab
 * admin can fix a file in one pass.
 *
 * Ajv compiles the schema with `new Function`, so this module belongs in main / CLI / tests, not in
 * a renderer under a CSP without 'unsafe-eval'.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
// A static JSON import works under vitest, tsx and an esbuild bundle alike; a path computed from
// import.meta.url would break once the module is bundled into dist/.
import rubricSchema from '../../resources/schemas/rubric.schema.json';
import { fieldOf, jsonPath, segmentsFromPointer, show, subjectOf, type PathSegment } from './path';
import { semanticProblems } from './semantic';
import type { Rubric, RubricProblem, RubricValidation } from './types';

let compiled: ValidateFunction | null = null;

/** Compiled on first use: compiling costs a few milliseconds that importers who never validate
 *  should not pay. */
function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(rubricSchema);
  return compiled;
}

export function validateRubric(input: unknown): RubricValidation {
  const validate = schemaValidator();
  const problems: RubricProblem[] = [];
  if (!validate(input)) {
    for (const error of validate.errors ?? []) {
      const problem = problemFromSchemaError(error, input);
      if (problem) problems.push(problem);
    }
  }
  problems.push(...semanticProblems(input));
  if (problems.length > 0) return { ok: false, problems: ordered(dedupe(problems)) };
  return { ok: true, rubric: structuredClone(input) as Rubric };
}

function dedupe(problems: RubricProblem[]): RubricProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Rubric-level problems first, then step by step, then the other language's text, so the list reads like the file. */
function ordered(problems: RubricProblem[]): RubricProblem[] {
  const stepIndex = (p: RubricProblem): number => {
    if (p.path.startsWith('$.translations')) return Number.MAX_SAFE_INTEGER;
    const match = /^\$\.steps\[(\d+)\]/.exec(p.path);
    return match ? Number(match[1]) : -1;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => stepIndex(a.p) - stepIndex(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Turns one ajv error into a problem with a JSONPath and a sentence a lab admin understands. */
function problemFromSchemaError(error: ErrorObject, input: unknown): RubricProblem | null {
  // propertyNames produces two errors for one bad key; the outer one carries the key name.
  if (error.propertyName !== undefined) return null;
  const base = segmentsFromPointer(error.instancePath, input);
  const params = error.params as Record<string, unknown>;
  // Step problems say which step; rubric-level ones need no prefix.
  const say = (segments: readonly PathSegment[], text: string): RubricProblem => {
    const subject = subjectOf(segments, input);
    return { path: jsonPath(segments), message: subject === 'rubric' ? text : `${subject}: ${text}` };
  };
  const field = fieldOf(base);
  const value = valueAt(input, base);

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return say([...base, missing], `'${fieldOf([...base, missing])}' is missing`);
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return say([...base, extra], `unknown field '${fieldOf([...base, extra])}' (check the spelling)`);
    }
    case 'propertyNames': {
      const key = String(params.propertyName);
      return say([...base, key], `category_map key '${key}' is not a score written as a number`);
    }
    case 'type': {
      if (base.length === 0) return say(base, 'the file must contain a JSON object');
      const expected = TYPE_WORDS[String(params.type)] ?? String(params.type);
      return say(base, `${field} must be ${expected}, not ${show(value)}`);
    }
    case 'pattern':
      return say(base, patternMessage(base, field, value));
    case 'minimum':
      // max_points and deduction points also carry exclusiveMinimum 0, which says it better.
      if (base[base.length - 1] === 'max_points' || base[base.length - 1] === 'points') return null;
      return say(base, rangeMessage(error.keyword, base, field, value, params.limit));
    case 'exclusiveMinimum':
    case 'maximum':
      return say(base, rangeMessage(error.keyword, base, field, value, params.limit));
    case 'multipleOf':
      return say(base, `${field} must be a whole or half point, not ${show(value)}`);
    case 'minItems':
      return say(
        base,
        field === 'steps' ? 'the rubric has no steps' : `${field} needs at least two scores (0 and the step maximum)`,
      );
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const segments = [...base, later];
      return say(segments, `${field} lists the score ${show(valueAt(input, segments))} twice`);
    }
    case 'enum':
      return say(base, `${field} must be a category 0, 1, 2 or 3, not ${show(value)}`);
    case 'maxLength':
      return say(base, `${field} is too long (at most ${String(params.limit)} characters)`);
    default:
      return say(base, `${field || 'value'} ${error.message ?? 'is invalid'}`);
  }
}

function patternMessage(base: readonly PathSegment[], field: string, value: unknown): string {
  if (field === 'id' && base.length === 1) {
    return `id ${show(value)} must be a lowercase slug such as 'cpr' (letters, digits, - or _)`;
  }
  if (field === 'id') {
    return `step id ${show(value)} must be a lowercase slug such as 'cpr.scene_safety' (letters, digits, _ or -, parts joined by dots)`;
  }
  return `${field} is blank`;
}

function rangeMessage(
  keyword: string,
  base: readonly PathSegment[],
  field: string,
  value: unknown,
  limit: unknown,
): string {
  const last = base[base.length - 2];
  if (keyword === 'minimum' && last === 'allowed_scores') {
    return `allowed score ${show(value)} is negative; scores run from 0 to the step maximum`;
  }
  if (field === 'version') return `version must be 1 or higher, not ${show(value)}`;
  if (keyword === 'exclusiveMinimum') return `${field} must be more than ${String(limit)}, not ${show(value)}`;
  if (keyword === 'minimum') return `${field} must be at least ${String(limit)}, not ${show(value)}`;
  return `${field} must be at most ${String(limit)}, not ${show(value)}`;
}

function valueAt(input: unknown, segments: readonly PathSegment[]): unknown {
  let node = input;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
