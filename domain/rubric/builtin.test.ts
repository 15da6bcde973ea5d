import { describe, expect, it } from 'vitest';
import { builtinRubric, builtinRubrics } from './builtin';
import { canonicalRubricJson, rubricContentHash } from './hash';
import { isError, scoreCategory } from './ordinal';
import type { Rubric } from './types';
import { validateRubric } from './validate';

describe('built-in rubrics', () => {
  const rubrics = builtinRubrics();

  it('are CPR (19 steps), AED (9) and BMV (5), version 1', () => {
    expect(rubrics.map((r) => [r.id, r.steps.length, r.version])).toEqual([
      ['cpr', 19, 1],
      ['aed', 9, 1],
      ['bmv', 5, 1],
    ]);
  });

  it('validate on their own', () => {
    for (const rubric of rubrics) expect(validateRubric(rubric)).toMatchObject({ ok: true });
  });

  it('fill every field', () => {
    for (const rubric of rubrics) {
      for (const field of ['title', 'station', 'description', 'source_notes'] as const) {
        expect(rubric[field]?.trim(), `${rubric.id}.${field}`).toBeTruthy();
      }
      for (const step of rubric.steps) {
        expect(step.id.startsWith(`${rubric.id}.`), step.id).toBe(true);
        expect(step.title.trim(), step.id).not.toBe('');
        expect(step.criteria.trim().length, step.id).toBeGreaterThan(30);
        expect(step.typical_deductions.length, step.id).toBeGreaterThan(0);
      }
    }
  });

  it('mix step maxima and score scales so every ordinal category occurs', () => {
    const steps = rubrics.flatMap((r) => r.steps);
    expect(new Set(steps.map((s) => s.max_points)).size).toBeGreaterThanOrEqual(4);
    expect(steps.some((s) => s.allowed_scores.some((a) => !Number.isInteger(a)))).toBe(true);
    const categories = new Set(steps.flatMap((s) => s.allowed_scores.map((a) => scoreCategory(s, a))));
    expect([...categories].sort()).toEqual([0, 1, 2, 3]);
    // A typical deduction always leaves an allowed score behind.
    for (const s of steps) {
      for (const d of s.typical_deductions) expect(isError(s, s.max_points - d.points), s.id).toBe(true);
    }
  });

  it('state the guideline numbers examiners check', () => {
    const text = (id: string) => JSON.stringify(builtinRubric(id));
    for (const fact of ['5 cm', '6 cm', '100 to 120', '10 s', '30 compressions to 2 breaths', 'about 1 s', 'recoil']) {
      expect(text('cpr'), fact).toContain(fact);
    }
    for (const fact of [
      'right infraclavicular',
      'mid-axillary line at the V6 level',
      '45 s',
      'within 10 s',
      'spoken and the visible',
    ]) {
      expect(text('aed'), fact).toContain(fact);
    }
    for (const fact of ['E-C clamp', '500 to 600 mL', 'about 1 s', 'bridge of the nose']) {
      expect(text('bmv'), fact).toContain(fact);
    }
  });

  it('mark the safety-critical steps', () => {
    const critical = rubrics.flatMap((r) => r.steps.filter((s) => s.critical).map((s) => s.id));
    expect(critical).toEqual(
      expect.arrayContaining([
        'cpr.compression_depth',
        'cpr.compression_rate',
        'aed.clear_for_shock',
        'bmv.ventilation',
      ]),
    );
    expect(critical.length).toBeLessThan(8);
  });

  it('clearing only half-way before a shock counts as clearly deficient, not a minor deduction', () => {
    const clear = builtinRubric('aed')?.steps.find((s) => s.id === 'aed.clear_for_shock');
    expect(clear && scoreCategory(clear, 1)).toBe(2);
  });

  it('are returned as fresh copies', () => {
    const first = builtinRubrics();
    first[0]!.steps[0]!.title = 'changed';
    expect(builtinRubrics()[0]!.steps[0]!.title).not.toBe('changed');
  });
});

describe('rubricContentHash', () => {
  const cpr = (): Rubric => builtinRubric('cpr')!;

  it('is a stable sha256 hex', () => {
    expect(rubricContentHash(cpr())).toMatch(/^[0-9a-f]{64}$/);
    expect(rubricContentHash(cpr())).toBe(rubricContentHash(cpr()));
  });

  it('ignores version, $schema and key order', () => {
    const base = cpr();
    const relabelled = { ...base, version: 7, $schema: 'elsewhere.json' };
    const reordered = JSON.parse(JSON.stringify(base, Object.keys(base).reverse())) as Rubric;
    expect(rubricContentHash(relabelled)).toBe(rubricContentHash(base));
    const shuffledStep = Object.fromEntries(Object.entries(base.steps[0]!).reverse());
    expect(
      rubricContentHash({ ...base, steps: [shuffledStep as Rubric['steps'][number], ...base.steps.slice(1)] }),
    ).toBe(rubricContentHash(base));
    expect(canonicalRubricJson(reordered)).not.toContain('"version"');
  });

  it('changes on any content edit', () => {
    const base = cpr();
    const hash = rubricContentHash(base);
    const edits: Array<(r: Rubric) => void> = [
      (r) => (r.steps[3]!.criteria += '.'),
      (r) => (r.steps[0]!.max_points = 2),
      (r) => r.steps[1]!.allowed_scores.pop(),
      (r) => (r.steps[2]!.critical = true),
      (r) => r.steps.reverse(),
      (r) => (r.title = 'Other'),
      (r) => (r.steps[0]!.category_map = { '0': 3, '1': 0 }),
    ];
    for (const edit of edits) {
      const edited = cpr();
      edit(edited);
      expect(rubricContentHash(edited), edit.toString()).not.toBe(hash);
    }
  });

  it('differs between the three rubrics', () => {
    expect(new Set(builtinRubrics().map(rubricContentHash)).size).toBe(3);
  });
});
