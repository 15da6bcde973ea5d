import { describe, expect, it } from 'vitest';
import type { Rubric, RubricProblem } from './types';
import { validateRubric } from './validate';

function step(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Title of ${id}`,
    criteria: `Criteria of ${id}`,
    max_points: 2,
    allowed_scores: [0, 1, 2],
    typical_deductions: [{ points: 1, reason: 'partly done' }],
    critical: false,
    ...overrides,
  };
}

function rubric(steps: unknown[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'demo',
    version: 1,
    title: 'Demo',
    station: 'Demo station',
    description: 'For tests',
    steps,
    ...overrides,
  };
}

function problemsOf(input: unknown): RubricProblem[] {
  const result = validateRubric(input);
  if (result.ok) throw new Error('expected the rubric to be rejected');
  return result.problems;
}

const paths = (input: unknown): string[] => problemsOf(input).map((p) => p.path);

describe('validateRubric accepts', () => {
  it('a well-formed rubric, returned as a copy', () => {
    const input = rubric([step('demo.a'), step('demo.b', { max_points: 2.5, allowed_scores: [0, 1, 2, 2.5] })], {
      $schema: '../schemas/rubric.schema.json',
      source_notes: 'notes',
    });
    const result = validateRubric(input);
    expect(result.ok).toBe(true);
    const validated = (result as { rubric: Rubric }).rubric;
    expect(validated).toEqual(input);
    expect(validated).not.toBe(input);
  });

  it('a complete, consistent category_map', () => {
    const input = rubric([step('demo.a', { category_map: { '0': 3, '1': 2, '2': 0 } })]);
    expect(validateRubric(input).ok).toBe(true);
  });
});

describe('validateRubric rejects, naming the exact path', () => {
  it('a duplicate step id, naming both steps', () => {
    const problems = problemsOf(rubric([step('demo.a'), step('demo.depth'), step('demo.b'), step('demo.depth')]));
    expect(problems).toEqual([
      { path: '$.steps[3].id', message: "step id 'demo.depth' is used twice (steps 2 and 4)" },
    ]);
  });

  it('an allowed score above the maximum', () => {
    const problems = problemsOf(rubric([step('demo.a'), step('demo.b', { allowed_scores: [0, 1, 2, 3] })]));
    expect(problems.map((p) => p.path)).toEqual(['$.steps[1].allowed_scores[3]']);
    expect(problems[0]?.message).toBe("step 2 ('demo.b'): allowed score 3 is above the step's maximum of 2");
  });

  it('a negative allowed score', () => {
    const problems = problemsOf(rubric([step('demo.a', { allowed_scores: [0, -1, 2] })]));
    expect(problems[0]).toEqual({
      path: '$.steps[0].allowed_scores[1]',
      message: "step 1 ('demo.a'): allowed score -1 is negative; scores run from 0 to the step maximum",
    });
  });

  it('allowed scores without 0 or without the maximum', () => {
    expect(problemsOf(rubric([step('demo.a', { allowed_scores: [1, 2] })]))).toEqual([
      {
        path: '$.steps[0].allowed_scores',
        message: "step 1 ('demo.a'): allowed scores must include 0 (nothing done correctly)",
      },
    ]);
    expect(problemsOf(rubric([step('demo.a', { max_points: 4, allowed_scores: [0, 2] })]))).toEqual([
      { path: '$.steps[0].allowed_scores', message: "step 1 ('demo.a'): allowed scores must include the maximum, 4" },
    ]);
  });

  it('allowed scores out of order or repeated', () => {
    expect(paths(rubric([step('demo.a', { allowed_scores: [0, 2, 1] })]))).toEqual(['$.steps[0].allowed_scores[2]']);
    expect(paths(rubric([step('demo.a', { allowed_scores: [0, 1, 1, 2] })]))).toEqual(['$.steps[0].allowed_scores[2]']);
  });

  it('no steps', () => {
    expect(problemsOf(rubric([]))).toEqual([{ path: '$.steps', message: 'the rubric has no steps' }]);
  });

  it('missing or blank criteria and title', () => {
    const { criteria: _dropped, ...withoutCriteria } = step('demo.a');
    expect(problemsOf(rubric([withoutCriteria]))).toEqual([
      { path: '$.steps[0].criteria', message: "step 1 ('demo.a'): 'criteria' is missing" },
    ]);
    expect(problemsOf(rubric([step('demo.a', { criteria: '  \n ', title: '' })]))).toEqual([
      { path: '$.steps[0].title', message: "step 1 ('demo.a'): title is blank" },
      { path: '$.steps[0].criteria', message: "step 1 ('demo.a'): criteria is blank" },
    ]);
  });

  it('wrong types', () => {
    const input = rubric([step('demo.a', { max_points: '2', critical: 'yes', allowed_scores: [0, '1', 2] })], {
      version: 1.5,
    });
    expect(paths(input)).toEqual([
      '$.version',
      '$.steps[0].max_points',
      '$.steps[0].allowed_scores[1]',
      '$.steps[0].critical',
    ]);
    expect(problemsOf(input)).toContainEqual({
      path: '$.steps[0].max_points',
      message: "step 1 ('demo.a'): max_points must be a number, not '2'",
    });
    expect(problemsOf('not a rubric')).toEqual([{ path: '$', message: 'the file must contain a JSON object' }]);
  });

  it('a non-half-point or non-positive maximum', () => {
    expect(paths(rubric([step('demo.a', { max_points: 2.25 })]))).toEqual(['$.steps[0].max_points']);
    expect(paths(rubric([step('demo.a', { max_points: 0, allowed_scores: [0, 1] })]))).toContain(
      '$.steps[0].max_points',
    );
  });

  it('bad ids and unknown fields', () => {
    expect(paths(rubric([step('Demo A')], { id: 'CPR', extra: true })).sort()).toEqual([
      '$.extra',
      '$.id',
      '$.steps[0].id',
    ]);
    expect(paths(rubric([step('demo.a', { max_point: 2 })]))).toEqual(['$.steps[0].max_point']);
  });

  it('a deduction larger than the step', () => {
    expect(
      paths(
        rubric([
          step('demo.a', {
            typical_deductions: [
              { points: 1, reason: 'x' },
              { points: 3, reason: 'y' },
            ],
          }),
        ]),
      ),
    ).toEqual(['$.steps[0].typical_deductions[1].points']);
  });

  it('a category_map that misses a score, maps full marks to non-zero or is not monotonic', () => {
    expect(problemsOf(rubric([step('demo.a', { category_map: { '0': 3, '2': 0 } })]))).toEqual([
      {
        path: '$.steps[0].category_map',
        message: "step 1 ('demo.a'): category_map has no category for allowed score 1",
      },
    ]);
    expect(paths(rubric([step('demo.a', { category_map: { '0': 3, '1': 2, '2': 1 } })]))).toEqual([
      "$.steps[0].category_map['2']",
    ]);
    expect(paths(rubric([step('demo.a', { category_map: { '0': 1, '1': 2, '2': 0 } })]))).toEqual([
      '$.steps[0].category_map',
    ]);
    expect(paths(rubric([step('demo.a', { category_map: { '0': 3, '1': 2, '2': 0, '1.5': 1 } })]))).toEqual([
      "$.steps[0].category_map['1.5']",
    ]);
    expect(paths(rubric([step('demo.a', { category_map: { '0': 3, '1': 4, '2': 0 } })]))).toEqual([
      "$.steps[0].category_map['1']",
    ]);
  });

  it('reports every problem at once, rubric-level first, then step by step', () => {
    const input = rubric([step('demo.a', { allowed_scores: [0, 5] }), step('demo.a', { criteria: '' }), {}], {
      title: ' ',
    });
    const found = paths(input);
    expect(found[0]).toBe('$.title');
    expect(found).toEqual(
      expect.arrayContaining([
        '$.steps[0].allowed_scores[1]',
        '$.steps[0].allowed_scores',
        '$.steps[1].id',
        '$.steps[1].criteria',
        '$.steps[2].id',
        '$.steps[2].critical',
      ]),
    );
    expect(found.indexOf('$.steps[0].allowed_scores')).toBeLessThan(found.indexOf('$.steps[1].id'));
  });
});
