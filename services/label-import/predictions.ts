/**
 * Model predictions made elsewhere, checked like a leaderboard submission and stored as a model
 * rater's step scores (source 'import') so they are evaluated and ranked with the app's own runs.
 *
 * JSON: an array of predictions, or { "model", "prompt_version", "predictions": [...] }.
 * CSV: a header with recording_id or sha256, step_id, score or correct (optional: model).
 * A prediction: recording_id or sha256, step_id, and score (a score the rubric allows) or correct
 * (true/false: scored as the step maximum or 0). Every step of every listed recording must be
 * there. Importing the same model again replaces its predictions for the recordings listed.
 */
import type { Db } from '../../db/connection';
import { blankStepScore, deleteRaterScores, insertStepScore } from '../../db/queries/marks';
import { ensureRater } from '../../db/queries/raters';
import { excerpt } from '../../domain/csv/rows';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { modelConfigLabel } from '../reports/model-configs';
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
}

export interface PredictionsImportResult {
  file: string;
  model: string;
  task: 'score' | 'binary';
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
  const problems: ImportProblem[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const isJson = /\.json$/i.test(fileName) || /^\s*[[{]/.test(body);
  const parsed = isJson
    ? jsonPredictions(body, problems)
    : { predictions: csvPredictions(body, problems), promptVersion: null };
  const predictions = parsed.predictions;
  if (!predictions) throw new PredictionsImportError(fileName, problems);
  if (predictions.length === 0) throw new PredictionsImportError(fileName, [{ message: 'no predictions in the file' }]);

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

  const promptVersion = opts.promptVersion ?? parsed.promptVersion ?? 'external';
  return write(db, fileName, { model, task: task!, promptVersion, actor: opts.actor }, [...byRecording.values()]);
}

function write(
  db: Db,
  fileName: string,
  c: { model: string; task: 'score' | 'binary'; promptVersion: string; actor: string },
  entries: { recording: RecordingTarget; scores: Map<string, number> }[],
): PredictionsImportResult {
  const now = nowIso();
  const mode = 'external';
  const configKey = `import:${c.task}:${c.promptVersion}`;
  const label = modelConfigLabel({ model: c.model, promptVersion: c.promptVersion, task: c.task, mode });
  return db
    .transaction((): PredictionsImportResult => {
      const config = JSON.stringify({
        model: c.model,
        promptVersion: c.promptVersion,
        task: c.task,
        mode,
        source: 'import',
      });
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
          task: c.task,
          promptVersion: c.promptVersion,
          recordings: entries.length,
          scores,
        },
      });
      refreshReviewStatuses(db);
      return { file: fileName, model: c.model, task: c.task, label, recordings: entries.length, scores, replaced };
    })
    .immediate();
}
