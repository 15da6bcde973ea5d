import { describe, expect, it } from 'vitest';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { extractJson, validateAnswer, MAX_RATIONALE_CHARS } from './answer';
import { buildAnswerSchema } from './answer-schema';

const bmv = builtinRubric('bmv')!;
const ids = bmv.steps.map((s) => s.id);

function validScores(): Record<string, unknown> {
  return Object.fromEntries(
    bmv.steps.map((s) => [s.id, { score: s.max_points, rationale: 'Seen clearly.', evidence_s: [3.5] }]),
  );
}
function validBinary(): Record<string, unknown> {
  return Object.fromEntries(
    bmv.steps.map((s) => [s.id, { correct: true, rationale: 'Seen clearly.', evidence_s: [] }]),
  );
}
const score = (text: string, finishReason: string | null = 'stop') =>
  validateAnswer({ text, finishReason }, { steps: bmv.steps, task: 'score', durationS: 40 });
const binary = (text: string) =>
  validateAnswer({ text, finishReason: 'stop' }, { steps: bmv.steps, task: 'binary', durationS: 40 });
const reasonOf = (r: ReturnType<typeof score>) => (r.ok ? '' : r.reason);

describe('extracting the JSON object from an answer', () => {
  it('takes a bare object, a fenced block, or an object inside prose', () => {
    expect(extractJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 }, from: 'whole' });
    expect(extractJson('Here you go:\n```json\n{"a": {"b": "}"}}\n```\nThanks')).toEqual({
      ok: true,
      value: { a: { b: '}' } },
      from: 'fenced',
    });
    expect(extractJson('```\n{"a":2}\n```')).toMatchObject({ ok: true, value: { a: 2 }, from: 'fenced' });
    expect(extractJson('My scores are {"a": {"x": "brace } in a string \\" quote"}} and that is all.')).toEqual({
      ok: true,
      value: { a: { x: 'brace } in a string " quote' } },
      from: 'embedded',
    });
  });

  it('names prose, an empty answer and a broken object', () => {
    expect(extractJson('The candidate did well.')).toEqual({
      ok: false,
      reason: 'the answer is prose, not a JSON object',
    });
    expect(extractJson('   ')).toEqual({ ok: false, reason: 'the answer was empty' });
    expect(extractJson('{"a": 1, "b": ')).toEqual({
      ok: false,
      reason: 'the answer contains no complete, valid JSON object',
    });
    expect(extractJson('[1, 2]')).toMatchObject({ ok: false });
  });
});

describe('validating a scoring answer', () => {
  it('accepts a complete answer with allowed scores and keeps it exactly', () => {
    const r = score(JSON.stringify(validScores()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.answer.steps)).toEqual(ids);
    expect(r.answer.steps[ids[0]!]).toEqual({
      score: bmv.steps[0]!.max_points,
      rationale: 'Seen clearly.',
      evidence_s: [3.5],
    });
    expect(r.answer.extractedFrom).toBe('whole');
  });

  it('accepts a fenced answer and says so', () => {
    const r = score('Sure!\n```json\n' + JSON.stringify(validScores()) + '\n```');
    expect(r.ok && r.answer.extractedFrom).toBe('fenced');
  });

  it('rejects a missing step, naming it, and never fills it in', () => {
    const a = validScores();
    delete a[ids[2]!];
    const r = score(JSON.stringify(a));
    expect(r.ok).toBe(false);
    expect(reasonOf(r)).toBe(`missing step ${ids[2]}`);
  });

  it('rejects a step the rubric does not have', () => {
    expect(
      reasonOf(score(JSON.stringify({ ...validScores(), 'bmv.extra': { score: 1, rationale: '', evidence_s: [] } }))),
    ).toBe('unknown step "bmv.extra"');
  });

  it("rejects a score outside the step's allowed set, listing the allowed scores", () => {
    const seal = bmv.steps.find((s) => s.id === 'bmv.mask_seal')!;
    const a = validScores();
    (a['bmv.mask_seal'] as { score: number }).score = 3;
    expect(reasonOf(score(JSON.stringify(a)))).toBe(
      `step bmv.mask_seal: score 3 is not one of the allowed scores ${seal.allowed_scores.join(', ')}`,
    );
    (a['bmv.mask_seal'] as { score: number }).score = -1;
    expect(reasonOf(score(JSON.stringify(a)))).toMatch(/score -1 is not one of the allowed scores/);
  });

  it('rejects wrong types instead of coercing them', () => {
    const a = validScores();
    (a[ids[0]!] as Record<string, unknown>).score = '2';
    expect(reasonOf(score(JSON.stringify(a)))).toBe(`step ${ids[0]}: "score" must be a number, got "2"`);
    const b = validScores();
    (b[ids[1]!] as Record<string, unknown>).evidence_s = 12;
    expect(reasonOf(score(JSON.stringify(b)))).toMatch(/"evidence_s" must be an array of seconds/);
    const c = validScores();
    (c[ids[1]!] as Record<string, unknown>).rationale = 5;
    expect(reasonOf(score(JSON.stringify(c)))).toMatch(/"rationale" must be a string/);
    const d = validScores();
    d[ids[0]!] = 2;
    expect(reasonOf(score(JSON.stringify(d)))).toBe(`step ${ids[0]}: expected an object, got 2`);
    const e = validScores();
    delete (e[ids[3]!] as Record<string, unknown>).score;
    expect(reasonOf(score(JSON.stringify(e)))).toBe(`step ${ids[3]}: "score" is missing`);
  });

  it('rejects evidence times outside the recording', () => {
    const a = validScores();
    (a[ids[0]!] as Record<string, unknown>).evidence_s = [12, 95];
    expect(reasonOf(score(JSON.stringify(a)))).toMatch(/evidence time 95 s is outside the recording \(0 to 40 s\)/);
  });

  it('rejects a truncated answer even when what arrived parses', () => {
    expect(reasonOf(score(JSON.stringify(validScores()), 'length'))).toMatch(/cut off at the output token limit/);
  });

  it('rejects prose, a refusal and a filtered answer', () => {
    expect(reasonOf(score('I think the candidate did fine.'))).toBe('the answer is prose, not a JSON object');
    expect(
      reasonOf(
        validateAnswer(
          { text: null, finishReason: 'stop', refusal: 'I cannot help' },
          { steps: bmv.steps, task: 'score', durationS: 40 },
        ),
      ),
    ).toBe('the model refused: I cannot help');
    expect(reasonOf(score('{}', 'content_filter'))).toMatch(/content_filter/);
  });

  it('lists several problems at once so the retry instruction can name them', () => {
    const a = validScores();
    delete a[ids[0]!];
    (a[ids[1]!] as { score: number }).score = 99;
    const reason = reasonOf(score(JSON.stringify(a)));
    expect(reason).toContain(`missing step ${ids[0]}`);
    expect(reason).toContain(`step ${ids[1]}: score 99`);
  });

  it('clips an over-long rationale in the suggestion but accepts the answer', () => {
    const a = validScores();
    (a[ids[0]!] as Record<string, unknown>).rationale = 'x'.repeat(2000);
    const r = score(JSON.stringify(a));
    expect(r.ok && r.answer.steps[ids[0]!]!.rationale.length).toBe(MAX_RATIONALE_CHARS);
  });
});

describe('validating an error-detection answer', () => {
  it('accepts booleans and rejects anything else', () => {
    expect(binary(JSON.stringify(validBinary())).ok).toBe(true);
    const a = validBinary();
    (a[ids[0]!] as Record<string, unknown>).correct = 'true';
    expect(reasonOf(binary(JSON.stringify(a)))).toBe(`step ${ids[0]}: "correct" must be true or false, got "true"`);
    const b = validBinary();
    b[ids[0]!] = { score: 2, rationale: '', evidence_s: [] };
    expect(reasonOf(binary(JSON.stringify(b)))).toBe(`step ${ids[0]}: "correct" is missing`);
  });
});

describe('the response_format schema', () => {
  it('requires every step id, enumerates allowed scores and forbids anything else', () => {
    const s = buildAnswerSchema(bmv.steps, 'score');
    expect(s.strict).toBe(true);
    const schema = s.schema as { required: string[]; additionalProperties: boolean; properties: Record<string, any> };
    expect(schema.required).toEqual(ids);
    expect(schema.additionalProperties).toBe(false);
    for (const step of bmv.steps) {
      const p = schema.properties[step.id];
      expect(p.properties.score.enum).toEqual(step.allowed_scores);
      expect(p.required).toEqual(['score', 'rationale', 'evidence_s']);
      expect(p.additionalProperties).toBe(false);
      expect(p.properties.evidence_s).toMatchObject({ type: 'array', items: { type: 'number' } });
    }
  });

  it('uses a boolean "correct" for error detection', () => {
    const schema = buildAnswerSchema(bmv.steps, 'binary').schema as { properties: Record<string, any> };
    expect(schema.properties[ids[0]!].properties.correct).toMatchObject({ type: 'boolean' });
    expect(schema.properties[ids[0]!].properties.score).toBeUndefined();
    expect(schema.properties[ids[0]!].required).toEqual(['correct', 'rationale', 'evidence_s']);
  });
});
