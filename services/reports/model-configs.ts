/**
 * Model configurations as the leaderboard ranks them: one rater's suggestions, named by every
 * setting that changes results (model, prompt version, task, mode, frames, resolution, detail,
 * audio, temperature, seed). Runs made in the app keep these in the rater's config (written by
 * services/scoring/engine/targets.ts) and on model_runs; imported and demo predictions declare them
 * in the rater's config JSON.
 */
import type { ModelConfigInfo } from '../../contract/reports';

export interface ModelRaterRow {
  id: number;
  name: string;
  config: string;
}

export interface RunSettings {
  provider: string | null;
  model: string | null;
  task: string | null;
  mode: string | null;
  promptVersion: string | null;
}

const MODEL_SUGGESTION = 'model suggestion';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function parseConfig(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function taskLabel(task: 'score' | 'binary'): string {
  return task === 'binary' ? 'correct/error' : 'step scores';
}

function modeLabel(mode: ModelConfigInfo['mode']): string {
  if (mode === 'full') return 'full video';
  if (mode === 'clips') return 'step clips';
  return 'mode not declared';
}

type LabelFields = Pick<ModelConfigInfo, 'model' | 'promptVersion' | 'task' | 'mode'> &
  Partial<Pick<ModelConfigInfo, 'frames' | 'resolution' | 'detail' | 'audio' | 'temperature' | 'seed' | 'facesMasked'>>;

/**
 * Every known setting, in a fixed order, so two configurations that differ in anything that
 * changes results never read the same. Every label says the figures are model suggestions.
 */
export function modelConfigLabel(c: LabelFields): string {
  const parts = [c.model, `prompt ${c.promptVersion}`, taskLabel(c.task), modeLabel(c.mode)];
  if (c.frames != null) parts.push(`${c.frames} frames`);
  if (c.resolution != null) parts.push(`${c.resolution} px`);
  if (c.detail != null) parts.push(`detail ${c.detail}`);
  if (c.audio != null) parts.push(c.audio ? 'with audio' : 'no audio');
  if (c.temperature != null) parts.push(`temperature ${c.temperature}`);
  if (c.seed != null) parts.push(`seed ${c.seed}`);
  if (c.facesMasked) parts.push('faces masked');
  return `${parts.join(' · ')} (${MODEL_SUGGESTION})`;
}

function modeOf(v: string | null): ModelConfigInfo['mode'] {
  return v === 'full' || v === 'clips' ? v : 'unknown';
}

function detailOf(v: unknown): ModelConfigInfo['detail'] {
  return v === 'low' || v === 'high' || v === 'auto' ? v : null;
}

/** The configuration a model score belongs to; `run` is null for imported or demo scores. */
export function modelConfigOf(rater: ModelRaterRow, run: RunSettings | null): Omit<ModelConfigInfo, 'recordings'> {
  const cfg = parseConfig(rater.config);
  const prompt = cfg.prompt as { id?: unknown } | undefined;
  const model = text(run?.model) ?? text(cfg.model) ?? rater.name;
  const promptVersion =
    text(run?.promptVersion) ?? text(prompt?.id) ?? text(cfg.promptVersion) ?? text(cfg.prompt_version) ?? 'unknown';
  const taskText = text(run?.task) ?? text(cfg.task);
  const task: 'score' | 'binary' = taskText === 'binary' ? 'binary' : 'score';
  const mode = modeOf(text(run?.mode) ?? text(cfg.mode));
  const provider = text(run?.provider) ?? text(cfg.provider);
  const source: ModelConfigInfo['source'] = run ? 'app' : cfg.demo === true ? 'demo' : 'import';
  // Runs made in the app before audio existed sent none; an import that does not say is unknown.
  const audio = typeof cfg.audio === 'boolean' ? cfg.audio : source === 'app' ? false : null;
  const fields = {
    model,
    promptVersion,
    task,
    mode,
    frames: number(cfg.framesPerRequest) ?? number(cfg.frames),
    resolution: number(cfg.longSide) ?? number(cfg.resolution),
    detail: detailOf(cfg.imageDetail ?? cfg.detail),
    audio,
    temperature: number(cfg.temperature),
    seed: number(cfg.seed),
    facesMasked: cfg.maskFaces === true,
  };
  const key = `${rater.id}:${[model, promptVersion, task, mode].map(encodeURIComponent).join('|')}`;
  return { key, raterId: rater.id, ...fields, provider, source, label: modelConfigLabel(fields) };
}
