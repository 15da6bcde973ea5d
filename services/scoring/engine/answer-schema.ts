/**
 * The JSON schema sent as `response_format` (OpenAI structured outputs, strict mode): every step
 * id is a required property, a score can only be one of the step's allowed scores, and nothing
 * else is allowed. Servers that honour it cannot produce an out-of-range score; answer.ts checks
 * every answer anyway because many local servers ignore the schema.
 */
import type { RubricStep } from '../../../domain/rubric/types';
import type { ScoringTask } from './prompts';

export interface AnswerSchema {
  name: string;
  strict: true;
  schema: Record<string, unknown>;
}

function stepSchema(step: RubricStep, task: ScoringTask): Record<string, unknown> {
  const judgement =
    task === 'score'
      ? { score: { type: 'number', enum: [...step.allowed_scores], description: `Points for "${step.title}"` } }
      : { correct: { type: 'boolean', description: `Whether "${step.title}" was performed fully to its criteria` } };
  const key = task === 'score' ? 'score' : 'correct';
  return {
    type: 'object',
    properties: {
      ...judgement,
      rationale: { type: 'string', description: 'One or two sentences on what the frames show' },
      evidence_s: {
        type: 'array',
        items: { type: 'number' },
        description: 'Times in seconds of the frames that show it',
      },
    },
    required: [key, 'rationale', 'evidence_s'],
    additionalProperties: false,
  };
}

export function buildAnswerSchema(steps: readonly RubricStep[], task: ScoringTask): AnswerSchema {
  const properties: Record<string, unknown> = {};
  for (const s of steps) properties[s.id] = stepSchema(s, task);
  return {
    name: task === 'score' ? 'rubric_step_scores' : 'rubric_step_errors',
    strict: true,
    schema: { type: 'object', properties, required: steps.map((s) => s.id), additionalProperties: false },
  };
}
