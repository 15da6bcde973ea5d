/**
 * Checks a model's answer before it may become a suggestion. Pure: no I/O, so every rejection rule
 * is tested directly. The rules are strict on purpose: a step left out, a step the rubric does not
 * have, a score the step does not allow, a wrong type or a cut-off answer all reject the whole
 * answer. Nothing is ever filled in or coerced ("2" is not 2): a suggestion the examiner sees must
 * be exactly what the model said.
 */
import type { RubricStep } from '../../../domain/rubric/types';
import { scoresEqual } from '../../../domain/rubric/ordinal';
import type { ExtractedFrom, ParsedAnswer, ScoringTask, StepJudgement } from '../../../domain/scoring/answer';

export type Extraction =
  { ok: true; value: Record<string, unknown>; from: ExtractedFrom } | { ok: false; reason: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tryParse(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}

/** The balanced {...} starting at `start`, skipping braces inside strings; null if it never closes. */
function balancedObject(text: string, start: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/**
 * Takes the JSON object out of an answer: the whole text, else a ```json fenced block, else the
 * first balanced {...} in surrounding prose that parses. Local models often add a sentence or a
 * fence even when asked not to; that is forgivable, a missing or broken object is not.
 */
export function extractJson(text: string): Extraction {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'the answer was empty' };
  const whole = tryParse(trimmed);
  if (whole) return { ok: true, value: whole, from: 'whole' };
  for (const m of trimmed.matchAll(/```[a-zA-Z0-9_-]*[^\S\n]*\n?([\s\S]*?)```/g)) {
    const fenced = tryParse(m[1]!.trim());
    if (fenced) return { ok: true, value: fenced, from: 'fenced' };
  }
  for (let i = trimmed.indexOf('{'); i !== -1; i = trimmed.indexOf('{', i + 1)) {
    const candidate = balancedObject(trimmed, i);
    if (!candidate) break;
    const parsed = tryParse(candidate);
    if (parsed) return { ok: true, value: parsed, from: 'embedded' };
  }
  const opened = trimmed.includes('{');
  return {
    ok: false,
    reason: opened ? 'the answer contains no complete, valid JSON object' : 'the answer is prose, not a JSON object',
  };
}

export type { ExtractedFrom, ParsedAnswer, StepJudgement };

export interface AnswerSpec {
  steps: readonly RubricStep[];
  task: ScoringTask;
  /** Evidence times must fall within the recording (a little slack for rounding). */
  durationS: number;
}

export interface ModelReplyText {
  text: string | null;
  finishReason: string | null;
  refusal?: string | null;
}

export type AnswerCheck = { ok: true; answer: ParsedAnswer } | { ok: false; reason: string };

/** Longer rationales are kept in the raw response but clipped in the suggestion shown beside a step. */
export const MAX_RATIONALE_CHARS = 600;
const EVIDENCE_SLACK_S = 1;
const MAX_PROBLEMS_LISTED = 6;

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 40) + '…' : s;
}

function checkStep(step: RubricStep, value: unknown, spec: AnswerSpec, problems: string[]): StepJudgement | null {
  const at = `step ${step.id}`;
  if (!isPlainObject(value)) {
    problems.push(`${at}: expected an object, got ${show(value)}`);
    return null;
  }
  const before = problems.length;
  const out: StepJudgement = { rationale: '', evidence_s: [] };
  if (spec.task === 'score') {
    const score = value.score;
    if (score === undefined) problems.push(`${at}: "score" is missing`);
    else if (typeof score !== 'number' || !Number.isFinite(score))
      problems.push(`${at}: "score" must be a number, got ${show(score)}`);
    else {
      const allowed = step.allowed_scores.find((a) => scoresEqual(a, score));
      if (allowed === undefined)
        problems.push(`${at}: score ${score} is not one of the allowed scores ${step.allowed_scores.join(', ')}`);
      else out.score = allowed;
    }
  } else {
    const correct = value.correct;
    if (correct === undefined) problems.push(`${at}: "correct" is missing`);
    else if (typeof correct !== 'boolean')
      problems.push(`${at}: "correct" must be true or false, got ${show(correct)}`);
    else out.correct = correct;
  }
  const rationale = value.rationale;
  if (rationale === undefined) problems.push(`${at}: "rationale" is missing`);
  else if (typeof rationale !== 'string') problems.push(`${at}: "rationale" must be a string, got ${show(rationale)}`);
  else
    out.rationale =
      rationale.length > MAX_RATIONALE_CHARS ? rationale.slice(0, MAX_RATIONALE_CHARS - 1) + '…' : rationale;
  const evidence = value.evidence_s;
  if (evidence === undefined) problems.push(`${at}: "evidence_s" is missing`);
  else if (!Array.isArray(evidence))
    problems.push(`${at}: "evidence_s" must be an array of seconds, got ${show(evidence)}`);
  else {
    for (const t of evidence) {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        problems.push(`${at}: "evidence_s" must contain only numbers, got ${show(t)}`);
        break;
      }
      if (t < 0 || t > spec.durationS + EVIDENCE_SLACK_S) {
        problems.push(
          `${at}: evidence time ${t} s is outside the recording (0 to ${Math.round(spec.durationS * 10) / 10} s)`,
        );
        break;
      }
    }
    out.evidence_s = evidence as number[];
  }
  return problems.length === before ? out : null;
}

/** Validates one reply against the rubric steps it was asked about. */
export function validateAnswer(reply: ModelReplyText, spec: AnswerSpec): AnswerCheck {
  // A cut-off answer may still parse (e.g. the last steps missing); it is rejected whatever it holds.
  if (reply.finishReason === 'length')
    return { ok: false, reason: 'the answer was cut off at the output token limit (finish_reason "length")' };
  if (reply.finishReason === 'content_filter')
    return { ok: false, reason: 'the provider withheld the answer (finish_reason "content_filter")' };
  if (reply.refusal) return { ok: false, reason: `the model refused: ${reply.refusal.slice(0, 200)}` };
  const extracted = extractJson(reply.text ?? '');
  if (!extracted.ok) return extracted;
  const obj = extracted.value;
  const problems: string[] = [];
  const known = new Set(spec.steps.map((s) => s.id));
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (unknown.length) problems.push(`unknown step${unknown.length > 1 ? 's' : ''} ${unknown.map(show).join(', ')}`);
  const missing = spec.steps.filter((s) => !(s.id in obj)).map((s) => s.id);
  if (missing.length) problems.push(`missing step${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const steps: Record<string, StepJudgement> = {};
  for (const step of spec.steps) {
    if (!(step.id in obj)) continue;
    const judged = checkStep(step, obj[step.id], spec, problems);
    if (judged) steps[step.id] = judged;
  }
  if (problems.length) {
    const listed = problems.slice(0, MAX_PROBLEMS_LISTED).join('; ');
    const more = problems.length > MAX_PROBLEMS_LISTED ? `; and ${problems.length - MAX_PROBLEMS_LISTED} more` : '';
    return { ok: false, reason: listed + more };
  }
  return { ok: true, answer: { task: spec.task, steps, extractedFrom: extracted.from } };
}
