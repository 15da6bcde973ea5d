import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { PromptTemplateError } from './errors';
import {
  CURRENT_PROMPTS,
  defaultPromptsDir,
  loadPromptTemplate,
  parsePromptTemplate,
  renderPrompt,
  renderRetry,
  renderStep,
} from './prompts';

const cpr = builtinRubric('cpr')!;

describe('prompt templates', () => {
  it('loads all four current templates with a version id and a content hash', () => {
    for (const key of Object.keys(CURRENT_PROMPTS) as (keyof typeof CURRENT_PROMPTS)[]) {
      const [task, mode] = key.split('/') as ['score' | 'binary', 'full' | 'clips'];
      const t = loadPromptTemplate(task, mode);
      expect(t.id).toBe(CURRENT_PROMPTS[key]);
      expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(t.retry).toContain('{{reason}}');
    }
  });

  it('changes the hash when the text changes, not when line endings do', () => {
    const text = readFileSync(join(defaultPromptsDir(), 'score-v1.md'), 'utf8');
    const a = parsePromptTemplate(text, 'a.md');
    expect(parsePromptTemplate(text.replace(/\n/g, '\r\n'), 'b.md').hash).toBe(a.hash);
    expect(parsePromptTemplate(text.replace('Judge only', 'Judge mostly'), 'c.md').hash).not.toBe(a.hash);
  });

  it('refuses a template with an unknown placeholder, section or missing front matter', () => {
    const t = parsePromptTemplate(
      '---\nid: x-v1\ntask: score\nmode: full\n---\n@@ system\nHi {{nope}}\n@@ user\nU\n@@ retry\nR',
      'x.md',
    );
    expect(() => renderPrompt(t, { rubric: cpr, steps: cpr.steps, durationS: 10, frameTimesS: [1] })).toThrow(
      /unknown placeholder \{\{nope\}\}/,
    );
    expect(() => parsePromptTemplate('@@ system\nx', 'y.md')).toThrow(PromptTemplateError);
    expect(() =>
      parsePromptTemplate(
        '---\nid: y\ntask: score\nmode: full\n---\n@@ system\nx\n@@ user\nu\n@@ retry\nr\n@@ other\nz',
        'y.md',
      ),
    ).toThrow(/unknown section @@ other/);
    expect(() =>
      parsePromptTemplate('---\nid: y\ntask: score\nmode: full\n---\n@@ system\nx\n@@ user\nu', 'y.md'),
    ).toThrow(/@@ retry is missing/);
  });
});

describe('rendering a scoring prompt', () => {
  const t = loadPromptTemplate('score', 'full');
  const times = [2.5, 7.5, 12.5];
  const p = renderPrompt(t, { rubric: cpr, steps: cpr.steps, durationS: 85.6, frameTimesS: times });

  it('contains every step id, title, criteria and allowed scores of the rubric', () => {
    for (const s of cpr.steps) {
      expect(p.user).toContain(`id: ${s.id}`);
      expect(p.user).toContain(s.title);
      expect(p.user).toContain(s.criteria);
      expect(p.user).toContain(`allowed scores: ${s.allowed_scores.join(', ')}`);
    }
    expect(p.user).toContain('Judge these 19 rubric steps:');
  });

  it('gives the frame times and the recording length, and tells the model to judge only what it sees', () => {
    expect(p.user).toContain('Frame times: 2.5, 7.5, 12.5.');
    expect(p.user).toContain('The recording lasts 85.6 s');
    expect(p.system).toMatch(/Judge only what the frames show and, when the audio is sent, what you hear/);
    expect(p.user).toContain('You cannot hear the recording; judge only what the frames show.');
    expect(p.user).not.toMatch(/\n\n\n/);
    expect(p.closing).toContain('Those were all 3 frames');
    expect(p.user + p.system).not.toMatch(/\{\{/);
  });

  it('tells a model that hears the audio what to listen for in the spoken steps', () => {
    const heard = renderPrompt(t, { rubric: cpr, steps: cpr.steps, durationS: 85.6, frameTimesS: times, audio: true });
    expect(heard.user).toContain('You also hear the audio of the whole recording');
    expect(heard.user).toContain(
      '- cpr.scene_safety (Scene safety): the candidate stating aloud that the scene is safe before touching the casualty',
    );
    expect(heard.user).not.toContain('cannot hear');
    expect(heard.user.match(/^- cpr\.\w+ \(/gm)).toHaveLength(9);
  });

  it('asks a model without audio nothing about the spoken steps: they are not assessable from video', () => {
    const spoken = new Set(['cpr.scene_safety', 'cpr.ratio']);
    const silent = renderPrompt(t, {
      rubric: cpr,
      steps: cpr.steps.filter((s) => !spoken.has(s.id)),
      unheard: cpr.steps.filter((s) => spoken.has(s.id)),
      durationS: 85.6,
      frameTimesS: times,
    });
    expect(silent.user).toContain('so they are not assessable from video');
    expect(silent.user).toContain('- cpr.ratio (30:2 ratio): the compressions counted aloud');
    expect(silent.user).toContain('Judge these 17 rubric steps:');
    expect(silent.user).not.toContain('"cpr.ratio"');
  });

  it('renders the stricter retry instruction with the rejection reason', () => {
    const r = renderRetry(
      t,
      { rubric: cpr, steps: cpr.steps, durationS: 85.6, frameTimesS: times },
      'missing step cpr.ratio',
    );
    expect(r).toContain('Your previous answer could not be used: missing step cpr.ratio.');
    expect(r).toContain('"cpr.scene_safety"');
  });

  it('phrases binary steps as correct or not, without allowed scores', () => {
    const step = cpr.steps[6]!;
    expect(renderStep(step, 'binary')).toContain('correct means: performed fully to the criteria');
    expect(renderStep(step, 'binary')).not.toContain('allowed scores');
    const b = renderPrompt(loadPromptTemplate('binary', 'full'), {
      rubric: cpr,
      steps: cpr.steps,
      durationS: 85.6,
      frameTimesS: times,
    });
    expect(b.user).toContain('"correct": true or false');
  });

  it('renders a clip prompt for one step and its span', () => {
    const step = cpr.steps.find((s) => s.id === 'cpr.hand_position')!;
    const c = renderPrompt(loadPromptTemplate('score', 'clips'), {
      rubric: cpr,
      steps: [step],
      durationS: 85.6,
      frameTimesS: [20, 22],
      span: { startS: 19.2, endS: 24 },
    });
    expect(c.user).toContain('from 19.2 s to 24.0 s');
    expect(c.user).toContain('id: cpr.hand_position');
    expect(c.user).not.toContain('cpr.scene_safety');
  });
});
