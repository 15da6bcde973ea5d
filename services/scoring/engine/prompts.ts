/**
 * Versioned prompt templates (resources/prompts/*.md) rendered from a rubric and the frames' times.
 * A run stores the template id and a hash of its content, so a suggestion can always be traced to
 * the exact instructions the model saw, and an edited template never reuses an old run.
 *
 * File format: a front matter block (id, task, mode) and sections introduced by `@@ system`,
 * `@@ user`, `@@ closing` (sent after the frames) and `@@ retry` (the stricter instruction after a
 * rejected answer). Optional sections say what the model hears, inserted at `{{hearing}}`: `@@ audio`
 * when the audio is sent (with `@@ spoken`, listing what to listen for, when a step depends on
 * speech), else `@@ no_audio` (with `@@ unheard`, listing the steps that are therefore not
 * assessable from video and not asked). `{{name}}` placeholders must all be known; an unknown one
 * is an error rather than text sent to a model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Rubric, RubricStep, RubricTextLanguage } from '../../../domain/rubric/types';
import { isSpoken, listenFor } from '../../../domain/rubric/spoken';
import type { ScoringTask } from '../../../domain/scoring/answer';
import { PromptTemplateError } from './errors';

export type { ScoringTask };
export type ScoringMode = 'full' | 'clips';

/**
 * Bumped whenever the code that formats steps, times or the example below changes, so the prompt
 * hash (template text + this) changes with anything that changes what the model is sent.
 */
const RENDERER_VERSION = 'r2';

/** The template each task and mode uses now; adding score-v2 means changing this line. */
export const CURRENT_PROMPTS: Record<`${ScoringTask}/${ScoringMode}`, string> = {
  'score/full': 'score-v2',
  'binary/full': 'binary-v2',
  'score/clips': 'clip-score-v2',
  'binary/clips': 'clip-binary-v2',
};

export interface PromptTemplate {
  id: string;
  task: ScoringTask;
  mode: ScoringMode;
  /** sha256 of the normalised template text and the renderer version. */
  hash: string;
  file: string;
  system: string;
  user: string;
  closing: string | null;
  retry: string;
  /** What the model is told it hears (see the module comment); null when the template has no such section. */
  hearing: { audio: string | null; spoken: string | null; noAudio: string | null; unheard: string | null };
}

const HEARING_SECTIONS = ['audio', 'spoken', 'no_audio', 'unheard'];

/** resources/prompts: two levels up from dist/main or dist/cli when bundled, three from here in the source tree. */
export function defaultPromptsDir(): string {
  const candidates = ['../../resources/prompts/', '../../../resources/prompts/'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

export function parsePromptTemplate(text: string, file: string): PromptTemplate {
  const normalised = text.replace(/\r\n?/g, '\n');
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(normalised);
  if (!fm) throw new PromptTemplateError(file, 'must start with a --- front matter block (id, task, mode)');
  const meta: Record<string, string> = {};
  for (const line of fm[1]!.split('\n')) {
    const m = /^(\w+):\s*(.+?)\s*$/.exec(line);
    if (m) meta[m[1]!] = m[2]!;
  }
  if (!meta.id) throw new PromptTemplateError(file, 'front matter has no id');
  if (meta.task !== 'score' && meta.task !== 'binary')
    throw new PromptTemplateError(file, `task must be score or binary, got '${meta.task}'`);
  if (meta.mode !== 'full' && meta.mode !== 'clips')
    throw new PromptTemplateError(file, `mode must be full or clips, got '${meta.mode}'`);
  const sections: Record<string, string> = {};
  let current: string | null = null;
  for (const line of normalised.slice(fm[0].length).split('\n')) {
    const head = /^@@\s+(\w+)\s*$/.exec(line);
    if (head) {
      current = head[1]!;
      if (current in sections) throw new PromptTemplateError(file, `section @@ ${current} appears twice`);
      sections[current] = '';
    } else if (current) {
      sections[current] += line + '\n';
    } else if (line.trim()) {
      throw new PromptTemplateError(file, `text before the first @@ section: '${line.slice(0, 40)}'`);
    }
  }
  for (const name of Object.keys(sections)) {
    if (!['system', 'user', 'closing', 'retry', ...HEARING_SECTIONS].includes(name))
      throw new PromptTemplateError(file, `unknown section @@ ${name}`);
  }
  for (const required of ['system', 'user', 'retry']) {
    if (!sections[required]?.trim()) throw new PromptTemplateError(file, `section @@ ${required} is missing or empty`);
  }
  return {
    id: meta.id,
    task: meta.task,
    mode: meta.mode,
    hash: createHash('sha256')
      .update(normalised)
      .update('\0' + RENDERER_VERSION)
      .digest('hex'),
    file,
    system: sections.system!.trim(),
    user: sections.user!.trim(),
    closing: sections.closing?.trim() || null,
    retry: sections.retry!.trim(),
    hearing: {
      audio: sections.audio?.trim() || null,
      spoken: sections.spoken?.trim() || null,
      noAudio: sections.no_audio?.trim() || null,
      unheard: sections.unheard?.trim() || null,
    },
  };
}

export function loadPromptTemplate(task: ScoringTask, mode: ScoringMode, dir = defaultPromptsDir()): PromptTemplate {
  const id = CURRENT_PROMPTS[`${task}/${mode}`];
  const file = join(dir, `${id}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PromptTemplateError(
      file,
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const t = parsePromptTemplate(text, file);
  if (t.id !== id || t.task !== task || t.mode !== mode) {
    throw new PromptTemplateError(
      file,
      `declares ${t.id} (${t.task}/${t.mode}) but is used for ${id} (${task}/${mode})`,
    );
  }
  return t;
}

/** Seconds with at most one decimal, as the frame labels show them. */
function formatSeconds(s: number): string {
  return (Math.round(s * 10) / 10).toFixed(1);
}

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** One rubric step as the model sees it: id, title, criteria, what it may answer, deductions. */
export function renderStep(step: RubricStep, task: ScoringTask): string {
  const lines = [`- id: ${step.id}`, `  title: ${step.title}`, `  criteria: ${step.criteria}`];
  if (task === 'score') {
    lines.push(
      `  allowed scores: ${step.allowed_scores.map(formatPoints).join(', ')} (maximum ${formatPoints(step.max_points)})`,
    );
  } else {
    lines.push(
      `  correct means: performed fully to the criteria (full marks, ${formatPoints(step.max_points)} points); anything less is not correct`,
    );
  }
  if (step.critical) lines.push('  critical step: failing it fails the station');
  if (step.typical_deductions.length) {
    const what = task === 'score' ? 'common deductions' : 'common errors';
    lines.push(
      `  ${what}: ${step.typical_deductions.map((d) => (task === 'score' ? `-${formatPoints(d.points)} ${d.reason}` : d.reason)).join('; ')}`,
    );
  }
  return lines.join('\n');
}

function answerExample(step: RubricStep, task: ScoringTask, evidence: number | undefined): string {
  const value =
    task === 'score'
      ? {
          score: step.max_points,
          rationale: 'What the frames show for this step, in one sentence.',
          evidence_s: evidence === undefined ? [] : [Number(formatSeconds(evidence))],
        }
      : {
          correct: true,
          rationale: 'What the frames show for this step, in one sentence.',
          evidence_s: evidence === undefined ? [] : [Number(formatSeconds(evidence))],
        };
  return JSON.stringify({ [step.id]: value });
}

export interface PromptInput {
  rubric: Rubric;
  /** All rubric steps (full mode) or the one step a clip is about. */
  steps: RubricStep[];
  durationS: number;
  frameTimesS: number[];
  /** Clip mode: the step's marked span. */
  span?: { startS: number; endS: number };
  /** The audio of the recording (or clip) is sent with the frames. */
  audio?: boolean;
  /** Steps that depend on speech and are not asked because no audio is sent (not assessable from video). */
  unheard?: RubricStep[];
  /** The rubric (and steps) above are worded in this language rather than English: the model is told so. */
  language?: RubricTextLanguage;
}

/**
 * Added to the system text when the rubric is given in its other language. The instructions stay
 * English (the templates and their hashes are unchanged); the rubric's own words are Chinese, and
 * the model is asked to write its rationales in that language for the examiners who read them.
 */
export const RUBRIC_LANGUAGE_NOTES: Readonly<Record<RubricTextLanguage, string>> = {
  'zh-CN':
    'The rubric (station, step titles, criteria, common deductions and what to listen for) is written in Simplified Chinese (zh-CN). Judge each step against the Chinese criteria as written. Keep the step ids and the JSON keys exactly as given, and write each rationale in Simplified Chinese.',
};

export interface RenderedPrompt {
  system: string;
  user: string;
  closing: string | null;
}

function fill(template: PromptTemplate, text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new PromptTemplateError(template.file, `unknown placeholder {{${name}}}`);
    return v;
  });
}

/** "- cpr.scene_safety (Scene safety): the candidate stating aloud …" */
function spokenList(steps: readonly RubricStep[]): string {
  return steps.map((s) => `- ${s.id} (${s.title}): ${listenFor(s) ?? s.criteria}`).join('\n');
}

/** The `{{hearing}}` text: what the model hears, and which steps it is therefore not asked about. */
function hearing(t: PromptTemplate, input: PromptInput, base: Record<string, string>): string {
  const h = t.hearing;
  const spoken = input.steps.filter(isSpoken);
  const unheard = input.unheard ?? [];
  const v = { ...base, spoken_steps: spokenList(spoken), unheard_steps: spokenList(unheard) };
  const parts = input.audio
    ? [h.audio, spoken.length ? h.spoken : null]
    : [h.noAudio, unheard.length ? h.unheard : null];
  return parts
    .filter((p): p is string => p !== null)
    .map((p) => fill(t, p, v))
    .join('\n\n');
}

function values(t: PromptTemplate, input: PromptInput, reason?: string): Record<string, string> {
  if (input.steps.length === 0) throw new PromptTemplateError(t.file, 'rendered with no rubric steps');
  const v: Record<string, string> = {
    station: input.rubric.station,
    rubric_title: input.rubric.title,
    rubric_id: input.rubric.id,
    rubric_version: String(input.rubric.version),
    rubric_description: input.rubric.description,
    duration_s: formatSeconds(input.durationS),
    frame_count: String(input.frameTimesS.length),
    frame_times: input.frameTimesS.map(formatSeconds).join(', '),
    step_count: String(input.steps.length),
    steps: input.steps.map((s) => renderStep(s, t.task)).join('\n\n'),
    step_ids: input.steps.map((s) => JSON.stringify(s.id)).join(', '),
    answer_example: answerExample(input.steps[0]!, t.task, input.frameTimesS[0]),
    span_start_s: input.span ? formatSeconds(input.span.startS) : '',
    span_end_s: input.span ? formatSeconds(input.span.endS) : '',
  };
  if (reason !== undefined) v.reason = reason;
  v.hearing = hearing(t, input, v);
  return v;
}

/** An empty `{{hearing}}` leaves no gap of blank lines. */
const tidy = (text: string) => text.replace(/\n{3,}/g, '\n\n');

export function renderPrompt(t: PromptTemplate, input: PromptInput): RenderedPrompt {
  const v = values(t, input);
  const system = tidy(fill(t, t.system, v));
  return {
    system: input.language ? `${system}\n\n${RUBRIC_LANGUAGE_NOTES[input.language]}` : system,
    user: tidy(fill(t, t.user, v)),
    closing: t.closing ? tidy(fill(t, t.closing, v)) : null,
  };
}

/** The stricter instruction sent with the second attempt, naming why the first was rejected. */
export function renderRetry(t: PromptTemplate, input: PromptInput, reason: string): string {
  return tidy(fill(t, t.retry, values(t, input, reason)));
}

/** The label before each image, also used by the fake server tests to count frames. */
export function frameLabel(index: number, total: number, timeS: number): string {
  return `Frame ${index + 1} of ${total}, at ${formatSeconds(timeS)} s:`;
}
