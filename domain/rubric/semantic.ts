/**
 * Checks JSON Schema cannot express: relations between fields of a step and between steps. Each
 * check only looks at values of the right type, so a structurally broken file still gets every
 * relation problem that can be found (the schema reports the type errors).
 */
import { SCORE_EPSILON, scoresEqual } from './ordinal';
import { isRecord, jsonPath, stepLabel, type PathSegment } from './path';
import { BUILTIN_LISTEN_FOR } from './spoken';
import type { RubricProblem } from './types';

type Report = (segments: readonly PathSegment[], message: string) => void;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** "1, 3 and 7" */
function listNumbers(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

export function semanticProblems(input: unknown): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const report: Report = (segments, message) => problems.push({ path: jsonPath(segments), message });
  if (!isRecord(input) || !Array.isArray(input.steps)) return problems;
  const steps: unknown[] = input.steps;

  checkDuplicateIds(steps, report);
  steps.forEach((step, index) => {
    if (isRecord(step)) checkStep(step, index, input, report);
  });
  if (isRecord(input.translations)) {
    for (const [language, text] of Object.entries(input.translations)) {
      if (isRecord(text) && isRecord(text.steps)) checkTranslation(language, text.steps, steps, report);
    }
  }
  return problems;
}

const LANGUAGE_NAMES: Record<string, string> = { 'zh-CN': 'Chinese (zh-CN)' };

/**
 * A second language words the same rubric: a text for every step and no other, one reason per
 * typical deduction, and what to listen for exactly where the step depends on speech. So a rubric
 * shown or prompted in either language has the same steps, points and spoken steps.
 */
function checkTranslation(language: string, texts: Record<string, unknown>, steps: unknown[], report: Report): void {
  const name = LANGUAGE_NAMES[language] ?? language;
  const at = (id: string, ...rest: PathSegment[]): PathSegment[] => ['translations', language, 'steps', id, ...rest];
  const ids = new Set<string>();
  steps.forEach((step, index) => {
    // A repeated id is reported as such; its text belongs to the first step with that id.
    if (!isRecord(step) || typeof step.id !== 'string' || ids.has(step.id)) return;
    ids.add(step.id);
    const label = `step ${index + 1} ('${step.id}')`;
    const text = texts[step.id];
    if (text === undefined) {
      report(
        ['translations', language, 'steps'],
        `the ${name} text has no words for ${label}; give every step its text`,
      );
      return;
    }
    if (!isRecord(text)) return; // the schema names the type
    const deductions = Array.isArray(step.typical_deductions) ? step.typical_deductions.length : null;
    if (
      deductions !== null &&
      Array.isArray(text.typical_deductions) &&
      text.typical_deductions.length !== deductions
    ) {
      report(
        at(step.id, 'typical_deductions'),
        `the ${name} text of ${label} gives ${text.typical_deductions.length} deduction reasons, but the step has ${deductions} typical deductions`,
      );
    }
    const spoken =
      (typeof step.listen_for === 'string' && step.listen_for.trim() !== '') ||
      BUILTIN_LISTEN_FOR[step.id] !== undefined;
    if (spoken && text.listen_for === undefined) {
      report(at(step.id), `the ${name} text of ${label} needs listen_for: the step depends on what is said or heard`);
    } else if (!spoken && text.listen_for !== undefined) {
      report(
        at(step.id, 'listen_for'),
        `the ${name} text of ${label} has listen_for, but the step has none in the main text (it would change which steps a model is asked)`,
      );
    }
  });
  for (const key of Object.keys(texts)) {
    if (!ids.has(key))
      report(at(key), `the ${name} text has words for '${key}', which is not a step id of this rubric`);
  }
}

/** Step ids key every stored score, so a duplicate would silently merge two steps' data. */
function checkDuplicateIds(steps: unknown[], report: Report): void {
  const byId = new Map<string, number[]>();
  steps.forEach((step, index) => {
    if (!isRecord(step) || typeof step.id !== 'string') return;
    byId.set(step.id, [...(byId.get(step.id) ?? []), index]);
  });
  for (const [id, indexes] of byId) {
    if (indexes.length < 2) continue;
    const times = indexes.length === 2 ? 'twice' : `${indexes.length} times`;
    const message = `step id '${id}' is used ${times} (steps ${listNumbers(indexes.map((i) => i + 1))})`;
    for (const index of indexes.slice(1)) report(['steps', index, 'id'], message);
  }
}

function checkStep(step: Record<string, unknown>, index: number, rubric: unknown, report: Report): void {
  const label = stepLabel(index, rubric);
  const at = (...rest: PathSegment[]): PathSegment[] => ['steps', index, ...rest];
  // A maximum the schema rejects (negative, 2.25) would only breed follow-on complaints.
  const max =
    isNumber(step.max_points) && step.max_points > 0 && Number.isInteger(step.max_points * 2) ? step.max_points : null;
  const allowed = Array.isArray(step.allowed_scores) ? (step.allowed_scores as unknown[]) : null;

  if (allowed) checkAllowedScores(allowed, max, label, at, report);

  if (max !== null && Array.isArray(step.typical_deductions)) {
    step.typical_deductions.forEach((deduction: unknown, k) => {
      if (isRecord(deduction) && isNumber(deduction.points) && deduction.points > max + SCORE_EPSILON) {
        report(
          at('typical_deductions', k, 'points'),
          `${label}: a deduction of ${deduction.points} points is more than the step's maximum of ${max}`,
        );
      }
    });
  }

  if (isRecord(step.category_map) && max !== null && allowed && allowed.every(isNumber)) {
    checkCategoryMap(step.category_map, allowed as number[], max, label, at, report);
  }
}

function checkAllowedScores(
  allowed: unknown[],
  max: number | null,
  label: string,
  at: (...rest: PathSegment[]) => PathSegment[],
  report: Report,
): void {
  allowed.forEach((score, k) => {
    if (!isNumber(score)) return;
    if (max !== null && score > max + SCORE_EPSILON) {
      report(at('allowed_scores', k), `${label}: allowed score ${score} is above the step's maximum of ${max}`);
    }
    const previous = allowed[k - 1];
    if (k > 0 && isNumber(previous) && score < previous - SCORE_EPSILON) {
      report(
        at('allowed_scores', k),
        `${label}: allowed scores must be listed in ascending order (${score} comes after ${previous})`,
      );
    }
  });
  const numbers = allowed.filter(isNumber);
  if (!numbers.some((s) => scoresEqual(s, 0))) {
    report(at('allowed_scores'), `${label}: allowed scores must include 0 (nothing done correctly)`);
  }
  if (max !== null && !numbers.some((s) => scoresEqual(s, max))) {
    report(at('allowed_scores'), `${label}: allowed scores must include the maximum, ${max}`);
  }
}

/**
 * An override must still agree with the error label (only full marks is category 0, see
 * isError) and must not rank a higher score as worse than a lower one, or agreement statistics
 * would contradict the scores they were computed from.
 */
function checkCategoryMap(
  map: Record<string, unknown>,
  allowed: number[],
  max: number,
  label: string,
  at: (...rest: PathSegment[]) => PathSegment[],
  report: Report,
): void {
  const categoryOf = new Map<number, number>();
  const covered = new Set<number>();
  for (const [key, category] of Object.entries(map)) {
    const score = Number(key);
    if (key.trim() === '' || !Number.isFinite(score)) continue; // the schema names bad keys
    if (!allowed.some((s) => scoresEqual(s, score))) {
      report(
        at('category_map', key),
        `${label}: category_map gives a category for ${key}, which is not an allowed score`,
      );
      continue;
    }
    const canonical = allowed.find((s) => scoresEqual(s, score)) as number;
    if (covered.has(canonical)) {
      report(at('category_map', key), `${label}: category_map lists the score ${canonical} twice`);
      continue;
    }
    covered.add(canonical);
    if (category !== 0 && category !== 1 && category !== 2 && category !== 3) continue; // schema reports it
    categoryOf.set(canonical, category);
    if (scoresEqual(canonical, max) && category !== 0) {
      report(at('category_map', key), `${label}: full marks (${max}) must map to category 0, not ${category}`);
    } else if (!scoresEqual(canonical, max) && category === 0) {
      report(
        at('category_map', key),
        `${label}: only full marks can be category 0, but ${key} of ${max} is mapped to 0`,
      );
    }
  }
  const missing = [...new Set(allowed.filter((s) => s >= 0 && !covered.has(s)))];
  if (missing.length > 0) {
    const plural = missing.length === 1 ? 'score' : 'scores';
    report(at('category_map'), `${label}: category_map has no category for allowed ${plural} ${listNumbers(missing)}`);
  }
  const ordered = [...categoryOf.entries()].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ordered.length; i++) {
    const [lowScore, lowCategory] = ordered[i - 1] as [number, number];
    const [highScore, highCategory] = ordered[i] as [number, number];
    if (highCategory > lowCategory) {
      report(
        at('category_map'),
        `${label}: category_map ranks ${highScore} (category ${highCategory}) as worse than ${lowScore} (category ${lowCategory})`,
      );
    }
  }
}
