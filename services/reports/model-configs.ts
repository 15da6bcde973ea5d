/**
 * Model configurations as the leaderboard ranks them: one rater's suggestions, named by every
 * setting that changes results (model, prompt version, task, mode, frames, resolution, detail,
 * audio, temperature, seed). Runs made in the app keep these in the rater's config (written by
 * services/scoring/engine/targets.ts) and on model_runs; imported and demo predictions declare them
 * in the rater's config JSON.
 */
import type { ModelConfigInfo } from '../../contract/reports';
import type { Locale } from '../../domain/i18n/locales';
import { reportTranslator } from '../../domain/report-charts/translate';

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

type LabelFields = Pick<ModelConfigInfo, 'model' | 'promptVersion' | 'task' | 'mode'> &
  Partial<Pick<ModelConfigInfo, 'frames' | 'resolution' | 'detail' | 'audio' | 'temperature' | 'seed' | 'facesMasked'>>;

/**
 * Every known setting, in a fixed order, so two configurations that differ in anything that
 * changes results never read the same. Every label says the figures are model suggestions.
 */
export function modelConfigLabel(c: LabelFields, locale: Locale = 'en'): string {
  const t = reportTranslator(locale);
  const mode = c.mode === 'full' ? 'modeFull' : c.mode === 'clips' ? 'modeClips' : 'modeUnknown';
  const parts = [
    c.model,
    t('reports:configLabel.prompt', { version: c.promptVersion }),
    t(c.task === 'binary' ? 'reports:configLabel.taskBinary' : 'reports:configLabel.taskScore'),
    t(`reports:configLabel.${mode}`),
  ];
  if (c.frames != null) parts.push(t('reports:configLabel.frames', { n: c.frames }));
  if (c.resolution != null) parts.push(t('reports:configLabel.pixels', { n: c.resolution }));
  if (c.detail != null) parts.push(t('reports:configLabel.detail', { detail: c.detail }));
  if (c.audio != null) parts.push(t(c.audio ? 'reports:configLabel.withAudio' : 'reports:configLabel.noAudio'));
  if (c.temperature != null) parts.push(t('reports:configLabel.temperature', { value: c.temperature }));
  if (c.seed != null) parts.push(t('reports:configLabel.seed', { value: c.seed }));
  if (c.facesMasked) parts.push(t('reports:configLabel.facesMasked'));
  return `${parts.join(' · ')} (${t('reports:configLabel.suggestion')})`;
}

function modeOf(v: string | null): ModelConfigInfo['mode'] {
  return v === 'full' || v === 'clips' ? v : 'unknown';
}

function detailOf(v: unknown): ModelConfigInfo['detail'] {
  return v === 'low' || v === 'high' || v === 'auto' ? v : null;
}

/** The configuration a model score belongs to; `run` is null for imported or demo scores. */
/** `locale`: the language of the label (the configuration itself and its key are the same in every language). */
export function modelConfigOf(
  rater: ModelRaterRow,
  run: RunSettings | null,
  locale: Locale = 'en',
): Omit<ModelConfigInfo, 'recordings'> {
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
  return { key, raterId: rater.id, ...fields, provider, source, label: modelConfigLabel(fields, locale) };
}
