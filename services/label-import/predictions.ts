/**
 * Model predictions made elsewhere, checked like a leaderboard submission and stored as a model
 * rater's step scores (source 'import') so they are evaluated and ranked with the app's own runs.
 *
 * JSON: an array of predictions, or { "model", "prompt_version", "task", "mode", "predictions": [...] }
 * with optionally "frames", "resolution", "detail", "audio", "temperature" and "seed".
 * CSV: a header with recording_id or sha256, step_id, score or correct (optional: model).
 * A prediction: recording_id or sha256, step_id, and score (a score the rubric allows) or correct
 * (true/false: scored as the step maximum or 0). Every step of every listed recording must be
 * there. The predictions declare their task (score or binary, checked against what they give) and
 * mode (full videos or step clips), in the file or as options, so they are compared with the runs
 * of the same task; the other settings are optional and name the configuration when given.
 * Importing the same configuration again replaces its predictions for the recordings listed.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { canonicalJson } from '../../domain/rubric/hash';
import { blankStepScore, deleteRaterScores, insertStepScore } from '../../db/queries/marks';
import { ensureRater } from '../../db/queries/raters';
import { excerpt } from '../../domain/csv/rows';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { modelConfigLabel } from '../reports/model-configs';
import { hasControlCharacters } from '../../domain/names';
import { createRubricLookup } from '../reports/rubric-lookup';
import { jsonPredictions, type RawPrediction } from './predictions-json';
import {
  missingSteps,
  parseFlag,
  parseNumber,
  PredictionsImportError,
  readCsv,
  recordingFinder,
  scoreProblem,
  type ImportProblem,
  type RecordingTarget,
} from './shared';
import { refreshReviewStatuses } from '../review/review-status';

export interface PredictionsImportOptions {
  model: string;
  actor: string;
  /** Overrides a prompt_version given in the file; default 'external'. */
  promptVersion?: string;
  /**
   * The configuration's settings given outside the file (CLI flags): task and mode are required,
   * here or in the file; a setting given both ways must agree. Checked like the file's own.
   */
  declared?: Partial<Record<SettingName, unknown>>;
}

type SettingName = 'task' | 'mode' | 'frames' | 'resolution' | 'detail' | 'audio' | 'temperature' | 'seed';

/** The configuration the predictions came from, as stored on their model rater. */
interface Settings {
  task: 'score' | 'binary';
  mode: 'full' | 'clips';
  frames?: number;
  resolution?: number;
  detail?: 'low' | 'high' | 'auto';
  audio?: boolean;
  temperature?: number;
  seed?: number;
}

export interface PredictionsImportResult {
  file: string;
  model: string;
  task: 'score' | 'binary';
  mode: 'full' | 'clips';
  label: string;
  recordings: number;
  scores: number;
  /** Earlier imported predictions of this configuration that were replaced. */
  replaced: number;
}

function csvPredictions(text: string, problems: ImportProblem[]): RawPrediction[] | null {
  const table = readCsv(text, problems);
  const need: string[] = [];
  if (!table.columns.includes('recording_id') && !table.columns.includes('sha256')) need.push('recording_id or sha256');
  if (!table.columns.includes('step_id')) need.push('step_id');
  if (!table.columns.includes('score') && !table.columns.includes('correct')) need.push('score or correct');
  if (need.length > 0) {
    problems.push({
      line: 1,
      message: `missing column${need.length > 1 ? 's' : ''} ${need.join(', ')} (columns found: ${table.columns.filter(Boolean).join(', ') || 'none'})`,
    });
    return null;
  }
  return table.records.map((r) => ({
    line: r.line,
    path: undefined,
    recordingId: r.get('recording_id'),
    sha256: r.get('sha256'),
    stepId: r.get('step_id'),
    score: r.get('score'),
    correct: r.get('correct'),
    model: r.get('model'),
  }));
}

export function importModelPredictions(
  db: Db,
  text: string,
  fileName: string,
  opts: PredictionsImportOptions,
): PredictionsImportResult {
  const model = opts.model.trim();
  if (model === '') throw new PredictionsImportError(fileName, [{ message: 'the model name must not be empty' }]);
  // A model is a rater: its name follows the name rule (domain/names.ts) so its bundles stay importable.
  if (model.length > 200 || hasControlCharacters(model))
    throw new PredictionsImportError(fileName, [
      { message: 'the model name must be at most 200 characters, without control characters' },
    ]);
  const problems: ImportProblem[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const isJson = /\.json$/i.test(fileName) || /^\s*[[{]/.test(body);
  const parsed = isJson
    ? jsonPredictions(body, problems)
    : { predictions: csvPredictions(body, problems), declared: null };
  const predictions = parsed.predictions;
  if (!predictions) throw new PredictionsImportError(fileName, problems);
  if (predictions.length === 0) throw new PredictionsImportError(fileName, [{ message: 'no predictions in the file' }]);
  const settings = declaredSettings(parsed.declared, opts.declared ?? {}, problems);

  const find = recordingFinder(db, createRubricLookup(db));
  const byRecording = new Map<
    number,
    { recording: RecordingTarget; line: number | undefined; path: string | undefined; scores: Map<string, number> }
  >();
  const seen = new Map<string, string>();
  let task: 'score' | 'binary' | null = null;
  // A recording with a bad prediction is not also reported as incomplete: that would repeat the problem.
  const tainted = new Set<number>();
  for (const p of predictions) {
    let recordingId: number | null = null;
    const fail = (message: string) => {
      problems.push({
        ...(p.line !== undefined ? { line: p.line } : {}),
        ...(p.path ? { path: p.path } : {}),
        message,
      });
      if (recordingId !== null) tainted.add(recordingId);
    };
    if (p.model !== '' && p.model !== model) {
      fail(
        `model '${excerpt(String(p.model))}' differs from the model being imported ('${excerpt(String(model))}'); import one model at a time`,
      );
      continue;
    }
    const recording = find(p.recordingId, p.sha256);
    if (typeof recording === 'string') {
      fail(recording);
      continue;
    }
    recordingId = recording.id;
    if (p.stepId === '') {
      fail('empty step_id');
      continue;
    }
    const step = recording.rubric.stepById.get(p.stepId);
    if (!step) {
      fail(
        `step '${excerpt(String(p.stepId))}' is not in rubric ${recording.rubric.id} v${recording.rubric.version} of recording ${recording.id}`,
      );
      continue;
    }
    const hasScore = p.score !== '';
    const hasCorrect = p.correct !== '';
    if (hasScore === hasCorrect) {
      fail(hasScore ? 'give score or correct, not both' : 'give a score or correct (true/false)');
      continue;
    }
    const rowTask = hasScore ? 'score' : 'binary';
    if (settings && settings.task !== rowTask) {
      fail(
        `this prediction gives ${hasScore ? 'a score' : 'correct (a correct/error judgment)'} but the predictions declare task ${settings.task} (${settings.task === 'score' ? 'step scores' : 'correct/error'})`,
      );
      continue;
    }
    if (task === null) task = rowTask;
    else if (task !== rowTask) {
      fail(
        `this prediction gives ${hasScore ? 'a score' : 'correct'} but earlier ones give ${task === 'score' ? 'scores' : 'correct'}; use one kind in a file`,
      );
      continue;
    }
    let score: number;
    if (hasScore) {
      const n = parseNumber(p.score);
      if (n === null) {
        fail(`score '${excerpt(String(p.score))}' is not a number`);
        continue;
      }
      const bad = scoreProblem(step, n);
      if (bad) {
        fail(bad);
        continue;
      }
      score = n;
    } else {
      const ok = parseFlag(p.correct);
      if (ok === null) {
        fail(`correct '${excerpt(String(p.correct))}' is not true or false`);
        continue;
      }
      score = ok ? step.max_points : 0;
    }
    const where = p.line !== undefined ? `line ${p.line}` : (p.path ?? '');
    const key = JSON.stringify([recording.id, p.stepId]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(
        `recording ${recording.id}, step '${excerpt(String(p.stepId))}' is predicted twice (${earlier} and ${where})`,
      );
      continue;
    }
    seen.set(key, where);
    let entry = byRecording.get(recording.id);
    if (!entry) byRecording.set(recording.id, (entry = { recording, line: p.line, path: p.path, scores: new Map() }));
    entry.scores.set(p.stepId, score);
  }
  for (const e of byRecording.values()) {
    const missing = missingSteps(e.recording.rubric, new Set(e.scores.keys()));
    if (missing.length > 0 && !tainted.has(e.recording.id)) {
      problems.push({
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.path ? { path: e.path } : {}),
        message: `recording ${e.recording.id} lacks predictions for steps ${missing.join(', ')}; every step of a listed recording is needed`,
      });
    }
  }
  if (problems.length > 0)
    throw new PredictionsImportError(
      fileName,
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );

  const promptVersion = opts.promptVersion ?? parsed.declared?.promptVersion ?? 'external';
  return write(db, fileName, { model, settings: settings!, promptVersion, actor: opts.actor }, [
    ...byRecording.values(),
  ]);
}

const SETTINGS: SettingName[] = ['task', 'mode', 'frames', 'resolution', 'detail', 'audio', 'temperature', 'seed'];

/** A setting's value as the file or the options give it: text from the CLI, JSON values from the file. */
function settingValue(name: SettingName, raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const wholeIn = (min: number, max: number, what: string) => {
    const n = typeof text === 'number' ? text : typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isInteger(n) && n >= min && n <= max
      ? { ok: true as const, value: n }
      : { ok: false as const, message: `${name} must be ${what} (got ${JSON.stringify(raw)})` };
  };
  switch (name) {
    case 'task':
      return text === 'score' || text === 'binary'
        ? { ok: true, value: text }
        : {
            ok: false,
            message: `task must be score (step scores) or binary (correct/error), got ${JSON.stringify(raw)}`,
          };
    case 'mode':
      return text === 'full' || text === 'clips'
        ? { ok: true, value: text }
        : {
            ok: false,
            message: `mode must be full (whole recordings) or clips (step clips), got ${JSON.stringify(raw)}`,
          };
    case 'frames':
      return wholeIn(1, 10_000, 'a whole number of frames from 1 to 10000');
    case 'resolution':
      return wholeIn(16, 10_000, 'the long side of a frame in pixels, a whole number from 16 to 10000');
    case 'seed':
      return wholeIn(0, 2 ** 31 - 1, 'a whole number of at least 0');
    case 'detail':
      return text === 'low' || text === 'high' || text === 'auto'
        ? { ok: true, value: text }
        : { ok: false, message: `detail must be low, high or auto, got ${JSON.stringify(raw)}` };
    case 'audio': {
      const flag = typeof text === 'boolean' ? text : typeof text === 'string' ? parseFlag(text) : null;
      return flag === null
        ? { ok: false, message: `audio must be true or false, got ${JSON.stringify(raw)}` }
        : { ok: true, value: flag };
    }
    case 'temperature': {
      const n = typeof text === 'number' ? text : typeof text === 'string' ? parseNumber(text) : null;
      return n !== null && n >= 0 && n <= 2
        ? { ok: true, value: n }
        : { ok: false, message: `temperature must be a number from 0 to 2, got ${JSON.stringify(raw)}` };
    }
  }
}

/**
 * The configuration the predictions declare, from the file and the options together: task and
 * mode are required, a setting given both ways must agree, and each is checked. Null (with the
 * problems listed) when anything is wrong.
 */
function declaredSettings(
  fromFile: Partial<Record<SettingName, unknown>> | null,
  fromOptions: Partial<Record<SettingName, unknown>>,
  problems: ImportProblem[],
): Settings | null {
  const out: Record<string, unknown> = {};
  const before = problems.length;
  for (const name of SETTINGS) {
    const values: unknown[] = [];
    for (const raw of [fromFile?.[name], fromOptions[name]]) {
      if (raw === undefined || raw === null || raw === '') continue;
      const v = settingValue(name, raw);
      if (!v.ok) problems.push({ line: 1, message: v.message });
      else values.push(v.value);
    }
    if (values.length === 2 && values[0] !== values[1])
      problems.push({
        line: 1,
        message: `${name} is ${JSON.stringify(values[0])} in the file but ${JSON.stringify(values[1])} was given with the import; give one`,
      });
    if (values.length > 0) out[name] = values[0];
  }
  if (out.task === undefined)
    problems.push({
      line: 1,
      message:
        'the predictions must declare their task, score (step scores) or binary (correct/error): "task" in a JSON file, or --task',
    });
  if (out.mode === undefined)
    problems.push({
      line: 1,
      message:
        'the predictions must declare their mode, full (whole recordings) or clips (step clips): "mode" in a JSON file, or --mode',
    });
  return problems.length === before ? (out as unknown as Settings) : null;
}

function write(
  db: Db,
  fileName: string,
  c: { model: string; settings: Settings; promptVersion: string; actor: string },
  entries: { recording: RecordingTarget; scores: Map<string, number> }[],
): PredictionsImportResult {
  const now = nowIso();
  const { task, mode } = c.settings;
  // Every declared setting is part of the configuration: another frame count is another entry.
  const declared = { ...c.settings, promptVersion: c.promptVersion };
  const configKey = `import:${createHash('sha256').update(canonicalJson(declared)).digest('hex').slice(0, 16)}`;
  const label = modelConfigLabel({
    model: c.model,
    promptVersion: c.promptVersion,
    task,
    mode,
    frames: c.settings.frames ?? null,
    resolution: c.settings.resolution ?? null,
    detail: c.settings.detail ?? null,
    audio: c.settings.audio ?? null,
    temperature: c.settings.temperature ?? null,
    seed: c.settings.seed ?? null,
  });
  return db
    .transaction((): PredictionsImportResult => {
      const config = JSON.stringify({ model: c.model, ...declared, source: 'import' });
      const raterId = ensureRater(db, { kind: 'model', name: c.model, configKey, config, at: now });
      const replaced = deleteRaterScores(
        db,
        raterId,
        entries.map((e) => e.recording.id),
      );
      let scores = 0;
      for (const e of entries) {
        for (const [stepId, score] of e.scores) {
          insertStepScore(db, {
            ...blankStepScore({
              recording_id: e.recording.id,
              rater_id: raterId,
              rubric_id: e.recording.rubric.id,
              rubric_version: e.recording.rubric.version,
              step_id: stepId,
              source: 'import',
              updated_at: now,
            }),
            score,
          });
          scores++;
        }
      }
      appendAudit(db, {
        actor: c.actor,
        action: 'import',
        entity: 'model_predictions',
        entityId: raterId,
        before: replaced > 0 ? { replacedScores: replaced } : undefined,
        after: {
          file: fileName,
          model: c.model,
          ...declared,
          recordings: entries.length,
          scores,
        },
      });
      refreshReviewStatuses(db);
      return { file: fileName, model: c.model, task, mode, label, recordings: entries.length, scores, replaced };
    })
    .immediate();
}
