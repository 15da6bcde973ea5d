/**
 * Model configurations as the leaderboard ranks them: one rater's suggestions grouped by the run
 * settings that produced them (model, prompt version, task, mode). Runs made in the app carry these
 * on model_runs; imported or demo predictions carry them in the rater's config JSON.
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

function modeLabel(mode: string): string {
  if (mode === 'full') return 'full video';
  if (mode === 'clips') return 'step clips';
  return mode;
}

/** Every label a person reads says the figures are model suggestions, never examiner marks. */
export function modelConfigLabel(c: Pick<ModelConfigInfo, 'model' | 'promptVersion' | 'task' | 'mode'>): string {
  return `${c.model} · prompt ${c.promptVersion} · ${taskLabel(c.task)} · ${modeLabel(c.mode)} (${MODEL_SUGGESTION})`;
}

/** The configuration a model score belongs to; `run` is null for imported or demo scores. */
export function modelConfigOf(rater: ModelRaterRow, run: RunSettings | null): Omit<ModelConfigInfo, 'recordings'> {
  const cfg = parseConfig(rater.config);
  const model = text(run?.model) ?? text(cfg.model) ?? rater.name;
  const promptVersion = text(run?.promptVersion) ?? text(cfg.promptVersion) ?? text(cfg.prompt_version) ?? 'unknown';
  const taskText = text(run?.task) ?? text(cfg.task);
  const task: 'score' | 'binary' = taskText === 'binary' ? 'binary' : 'score';
  const mode = text(run?.mode) ?? text(cfg.mode) ?? 'full';
  const provider = text(run?.provider) ?? text(cfg.provider);
  const source: ModelConfigInfo['source'] = run ? 'app' : cfg.demo === true ? 'demo' : 'import';
  const key = `${rater.id}:${[model, promptVersion, task, mode].map(encodeURIComponent).join('|')}`;
  return {
    key,
    raterId: rater.id,
    model,
    promptVersion,
    task,
    mode,
    provider,
    source,
    label: modelConfigLabel({ model, promptVersion, task, mode }),
  };
}
