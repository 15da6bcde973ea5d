import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLab, type Lab } from '../../tests/support/lab';
import { buildAgreementReport } from '../reports/report';
import { predictionLines } from './predictions-json';
import { importModelPredictions } from './predictions';
import { PredictionsImportError } from './shared';

const STEPS: [string, number][] = [
  ['bmv.equipment_oxygen', 2],
  ['bmv.airway_opening', 2],
  ['bmv.mask_seal', 4],
  ['bmv.ventilation', 4],
  ['bmv.coordination_monitoring', 2],
];

let lab: Lab;
let recs: number[];

beforeEach(() => {
  lab = openLab();
  const session = lab.session('S');
  const station = lab.station(session, 'BMV', 'bmv');
  const a = lab.examiner('Dr A');
  recs = [0, 1, 2].map(() => lab.recording({ session, station }));
  recs.forEach((r, i) => lab.mark(r, a, lab.scores(r, { 'bmv.ventilation': i })));
});
afterEach(() => lab.close());

type Declared = Record<string, unknown>;
const SCORES_FULL: Declared = { task: 'score', mode: 'full' };

const run = (text: string, file = 'preds.json', declared: Declared = SCORES_FULL, model = 'ext-model') =>
  importModelPredictions(lab.ctx.db, text, file, { model, actor: 'test', declared });

function problems(text: string, file = 'preds.json', declared: Declared = SCORES_FULL): string[] {
  const before = lab.ctx.db.prepare('SELECT count(*) FROM step_scores').pluck().get();
  try {
    run(text, file, declared);
  } catch (err) {
    expect(err).toBeInstanceOf(PredictionsImportError);
    expect(lab.ctx.db.prepare('SELECT count(*) FROM step_scores').pluck().get()).toBe(before);
    return (err as PredictionsImportError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('the file was imported but should have been refused');
}

const predictionsFor = (recording: number, score: (max: number, i: number) => number) =>
  STEPS.map(([step, max], i) => ({ recording_id: recording, step_id: step, score: score(max, i) }));

describe('model predictions import', () => {
  it('stores JSON predictions as an imported model configuration that is ranked on the leaderboard', () => {
    const doc = {
      model: 'ext-model',
      prompt_version: 'v7',
      task: 'score',
      mode: 'clips',
      frames: 32,
      audio: true,
      predictions: recs.flatMap((r) => predictionsFor(r, (max) => max)),
    };
    const r = run(JSON.stringify(doc, null, 2), 'preds.json', {});
    expect(r).toMatchObject({
      task: 'score',
      mode: 'clips',
      recordings: 3,
      scores: 15,
      replaced: 0,
      label: 'ext-model · prompt v7 · step scores · step clips · 32 frames · with audio (model suggestion)',
    });
    const entry = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0, minRecordings: 3 }).leaderboard.entries[0]!;
    expect(entry.config).toMatchObject({
      model: 'ext-model',
      source: 'import',
      promptVersion: 'v7',
      mode: 'clips',
      frames: 32,
      audio: true,
      recordings: 3,
    });
    expect(entry.group).toBe('score/clips');
    expect(entry.rank).toBe(1);
    expect(entry.result.nSteps).toBe(15);

    // Imported again: the same configuration's predictions are replaced, not doubled.
    expect(run(JSON.stringify(doc), 'preds.json', {}).replaced).toBe(15);
    expect(lab.ctx.db.prepare(`SELECT count(*) FROM step_scores WHERE source = 'import'`).pluck().get()).toBe(15);
    const audit = lab.ctx.db
      .prepare(`SELECT count(*) FROM audit_events WHERE entity = 'model_predictions'`)
      .pluck()
      .get();
    expect(audit).toBe(2);
  });

  it('reads CSV with sha256 and correct/error answers as a binary configuration', () => {
    const lines = STEPS.map(([step], i) => `${lab.sha(recs[0]!)},${step},${i % 2 === 0 ? 'true' : 'false'},ext-model`);
    const r = run(['sha256,step_id,correct,model', ...lines].join('\r\n'), 'preds.csv', {
      task: 'binary',
      mode: 'full',
    });
    expect(r).toMatchObject({ task: 'binary', mode: 'full', scores: 5 });
    const stored = lab.ctx.db
      .prepare(`SELECT step_id, score FROM step_scores WHERE source = 'import' ORDER BY id`)
      .all();
    expect(stored.slice(0, 2)).toEqual([
      { step_id: 'bmv.equipment_oxygen', score: 2 },
      { step_id: 'bmv.airway_opening', score: 0 },
    ]);
  });

  it('names the JSON line and path of every bad prediction', () => {
    const good = predictionsFor(recs[0]!, (max) => max);
    const items = [
      ...good.slice(0, 4),
      { recording_id: recs[0], step_id: 'bmv.coordination_monitoring', score: 1.5 },
      { recording_id: recs[1], step_id: 'bmv.mask_seal', score: 2, correct: true },
      { recording_id: recs[1], step_id: 'bmv.mask_seal' },
      { recording_id: recs[1], step_id: 'bmv.mask_seal', correct: true },
      { recording_id: 42, step_id: 'bmv.mask_seal', score: 2 },
      { recording_id: recs[2], step_id: 'bmv.mask_seal', score: 2, model: 'other' },
      { recording_id: recs[2], step_id: 'bmv.mask_seal', score: 2, confidence: 0.3 },
      'not an object',
      { recording_id: recs[0], step_id: 'bmv.mask_seal', score: 4 },
    ];
    // One prediction per line after the opening bracket: element i starts on line i + 2.
    const text = `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]\n`;
    expect(problems(text)).toEqual([
      "line 6, $[4]: step 'bmv.coordination_monitoring': score 1.5 is not allowed for this step (allowed: 0, 1, 2)",
      'line 7, $[5]: give score or correct, not both',
      'line 8, $[6]: give a score or correct (true/false)',
      'line 9, $[7]: this prediction gives correct (a correct/error judgment) but the predictions declare task score (step scores)',
      'line 10, $[8]: no recording with id 42',
      "line 11, $[9]: model 'other' differs from the model being imported ('ext-model'); import one model at a time",
      'line 12, $[10]: unknown field confidence (expected recording_id, sha256, step_id, score, correct, model)',
      'line 13, $[11]: a prediction must be an object',
      "line 14, $[12]: recording 1, step 'bmv.mask_seal' is predicted twice (line 4 and line 14)",
    ]);
  });

  it('requires every step of every listed recording, like a leaderboard submission', () => {
    const items = [...predictionsFor(recs[0]!, (max) => max), ...predictionsFor(recs[1]!, (max) => max).slice(1, 3)];
    expect(problems(JSON.stringify({ predictions: items }, null, 1))).toEqual([
      `line 28, $.predictions[5]: recording ${recs[1]} lacks predictions for steps bmv.equipment_oxygen, bmv.ventilation, bmv.coordination_monitoring; every step of a listed recording is needed`,
    ]);
  });

  it('refuses malformed files with the line', () => {
    expect(problems('[\n{"recording_id": 1,\n"step_id": }\n]')[0]).toMatch(/^line 3: not valid JSON/);
    expect(problems('{"rows": []}')).toEqual([
      'line 1: expected an array of predictions or an object with a "predictions" array',
    ]);
    expect(problems('[]')).toEqual([': no predictions in the file']);
    expect(problems('recording_id,step,score\n1,a,2\n', 'p.csv')).toEqual([
      'line 1: missing column step_id (columns found: recording_id, step, score)',
    ]);
    expect(problems(`recording_id,step_id,score\n${recs[0]},bmv.mask_seal,lots\n`, 'p.csv')).toEqual([
      "line 2: score 'lots' is not a number",
    ]);
    expect(
      problems(`recording_id,step_id,correct\n${recs[0]},bmv.mask_seal,perhaps\n`, 'p.csv', {
        task: 'binary',
        mode: 'full',
      }),
    ).toEqual(["line 2: correct 'perhaps' is not true or false"]);
  });

  it('requires the task and mode to be declared, and checks them against the predictions and each other', () => {
    const text = JSON.stringify(recs.flatMap((r) => predictionsFor(r, (max) => max)));
    expect(problems(text, 'p.json', {})).toEqual([
      'line 1: the predictions must declare their task, score (step scores) or binary (correct/error): "task" in a JSON file, or --task',
      'line 1: the predictions must declare their mode, full (whole recordings) or clips (step clips): "mode" in a JSON file, or --mode',
    ]);
    expect(problems(text, 'p.json', { task: 'binary', mode: 'full' })[0]).toBe(
      'line 1, $[0]: this prediction gives a score but the predictions declare task binary (correct/error)',
    );
    expect(problems(text, 'p.json', { task: 'score', mode: 'external', frames: '0' })).toEqual([
      'line 1: mode must be full (whole recordings) or clips (step clips), got "external"',
      'line 1: frames must be a whole number of frames from 1 to 10000 (got "0")',
      'line 1: the predictions must declare their mode, full (whole recordings) or clips (step clips): "mode" in a JSON file, or --mode',
    ]);
    const doc = { task: 'score', mode: 'full', temperature: 0.2, predictions: JSON.parse(text) as unknown[] };
    expect(problems(JSON.stringify(doc), 'p.json', { mode: 'clips', seed: 'x' })).toEqual([
      'line 1: mode is "full" in the file but "clips" was given with the import; give one',
      'line 1: seed must be a whole number of at least 0 (got "x")',
    ]);
  });

  it('finds the line of each prediction in pretty-printed, compact and nested JSON', () => {
    expect(predictionLines('[\n {"a": "x,y]"},\n {"b": [1, 2]}\n]')).toEqual([2, 3]);
    expect(predictionLines('{"model": "m", "other": [9, 9], "predictions": [{"a": 1}, {"a": "\\"}"}]}')).toEqual([
      1, 1,
    ]);
    expect(predictionLines('{\n"predictions": [\n\n{"a": 1},\n\n{"a": 2}]}')).toEqual([4, 6]);
  });
});
