/**
 * A seeded demo label dataset: one exam session with CPR, AED and BMV recordings, two examiners
 * whose marks disagree the way real examiners do (one stricter, one lenient early in the day),
 * adjudicated final scores (one recording left awaiting adjudication), step spans, and two clearly
 * labelled demo model configurations that are near chance, as SiMing-Bench found real models to
 * be. The same seed always gives the same data. There are no videos unless `videoPath` is given.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { mulberry32 } from '../../domain/agreement/bootstrap';
import { scoresEqual } from '../../domain/rubric/ordinal';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { appendAudit } from '../integrity/audit';
import { adjudicationFacts, markFacts } from '../integrity/replay';
import { getRubric } from '../rubrics/store';
import { seedBuiltinRubrics } from '../rubrics/seed';

export interface DemoLabelOptions {
  seed?: number;
  candidates?: number;
  session?: string;
  stations?: readonly ('cpr' | 'aed' | 'bmv')[];
  /** Recordings at the end of the day left with disagreements nobody has adjudicated yet. */
  pendingAdjudication?: number;
  /** A real video every demo recording points at, so feedback thumbnails can be shown. */
  videoPath?: string;
  /** A real video per station (wins over videoPath), so each station's recordings look different. */
  videoPaths?: Partial<Record<string, string>>;
  videoDurationS?: number;
  actor?: string;
}

export interface DemoLabelSummary {
  sessionId: number;
  session: string;
  recordings: number;
  candidates: string[];
  examiners: string[];
  models: string[];
  adjudications: number;
}

export class DemoSessionExistsError extends Error {
  override name = 'DemoSessionExists';
  constructor(session: string) {
    super(`An exam session named '${session}' already exists; demo labels go into a new session.`);
  }
}

export const DEMO_EXAMINERS = ['Dr Demo Ahmed (demo examiner)', 'Dr Demo Brennan (demo examiner)'] as const;
export const DEMO_MODELS = [
  { name: 'DEMO near-chance model A', key: 'demo:a', task: 'score', mode: 'full' },
  { name: 'DEMO near-chance model B', key: 'demo:b', task: 'binary', mode: 'clips' },
] as const;

const DURATION_S: Record<string, number> = { cpr: 86, aed: 50, bmv: 33 };
const MINUTE = 60_000;

type Rng = () => number;

/** Index into allowed scores one step up or down, clamped. */
function neighbour(step: RubricStep, score: number, direction: 1 | -1): number {
  const i = step.allowed_scores.findIndex((s) => scoresEqual(s, score));
  const j = Math.min(step.allowed_scores.length - 1, Math.max(0, i + direction));
  return step.allowed_scores[j]!;
}

/** Most students get most steps right; weaker students lose points on more steps. */
function trueScore(step: RubricStep, skill: number, rng: Rng): number {
  if (rng() < 0.5 + 0.4 * skill) return step.max_points;
  const below = step.allowed_scores.filter((s) => s < step.max_points);
  // Weighted towards the higher partial scores: small deductions are commoner than failures.
  const weights = below.map((_, i) => i + 1);
  let u = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < below.length; i++) {
    u -= weights[i]!;
    if (u <= 0) return below[i]!;
  }
  return below[below.length - 1]!;
}

function commentFor(step: RubricStep, score: number): string | null {
  if (scoresEqual(score, step.max_points)) return null;
  const lost = step.max_points - score;
  const closest = [...step.typical_deductions].sort((a, b) => Math.abs(a.points - lost) - Math.abs(b.points - lost))[0];
  return closest ? closest.reason : 'Did not fully meet the criteria for this step.';
}

function latestBuiltin(db: Db, id: string): Rubric {
  const version = db.prepare('SELECT max(version) FROM rubrics WHERE id = ? AND builtin = 1').pluck().get(id) as number | null;
  return getRubric(db, id, version ?? undefined).rubric;
}

function raterId(db: Db, kind: 'examiner' | 'model', name: string, configKey: string, config: object, at: string): number {
  db.prepare(
    `INSERT INTO raters (kind, name, config_key, config, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, name, config_key) DO NOTHING`,
  ).run(kind, name, configKey, JSON.stringify(config), at);
  return db.prepare('SELECT id FROM raters WHERE kind = ? AND name = ? AND config_key = ?').pluck().get(kind, name, configKey) as number;
}

export function generateDemoLabels(db: Db, opts: DemoLabelOptions = {}): DemoLabelSummary {
  const seed = opts.seed ?? 7;
  const rng = mulberry32(seed);
  const sessionName = opts.session ?? `DEMO Year 3 OSCE (seed ${seed})`;
  const stationIds = opts.stations ?? ['cpr', 'aed', 'bmv'];
  const nCandidates = opts.candidates ?? 24;
  const pending = opts.pendingAdjudication ?? 1;
  const actor = opts.actor ?? 'demo';
  const day = Date.parse('2026-03-10T08:30:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  seedBuiltinRubrics(db);
  return db
    .transaction((): DemoLabelSummary => {
      if (db.prepare('SELECT 1 FROM exam_sessions WHERE name = ?').get(sessionName)) throw new DemoSessionExistsError(sessionName);
      const created = iso(day - 60 * MINUTE);
      const sessionId = Number(
        db
          .prepare(`INSERT INTO exam_sessions (name, exam_date, site, blind_first, created_at) VALUES (?, '2026-03-10', 'Demo skills lab', 1, ?)`)
          .run(sessionName, created).lastInsertRowid,
      );
      const rubrics = stationIds.map((id) => latestBuiltin(db, id));
      const stationRow = rubrics.map((r) =>
        Number(
          db
            .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, ?)')
            .run(sessionId, r.id.toUpperCase(), r.id, r.version).lastInsertRowid,
        ),
      );
      const examiners = DEMO_EXAMINERS.map((name) => raterId(db, 'examiner', name, '', { demo: true }, created));
      const models = DEMO_MODELS.map((m) =>
        raterId(db, 'model', m.name, m.key, { demo: true, model: m.name, promptVersion: 'demo-1', task: m.task, mode: m.mode, provider: 'demo' }, created),
      );

      const insertRecording = db.prepare(
        `INSERT INTO recordings (sha256, session_id, station_id, candidate_id, original_path, stored_path, storage, size_bytes,
           duration_s, width, height, video_codec, has_audio, attributes, imported_at)
         VALUES (@sha, @session, @station, @candidate, @path, @path, 'reference', 0, @duration, 1280, 720, 'h264', 0, '{"demo":true}', @at)`,
      );
      const insertMarking = db.prepare(
        `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, revealed_at, submitted_at, created_at)
         VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?)`,
      );
      const insertScore = db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, blind_score, not_assessable,
           not_assessable_reason, comment, source, updated_at)
         VALUES (@recording, @rater, @rubric, @version, @step, @score, @blind, @na, @naReason, @comment, @source, @at)`,
      );
      const insertSpan = db.prepare('INSERT INTO step_spans (recording_id, step_id, start_s, end_s, updated_at) VALUES (?, ?, ?, ?, ?)');
      const insertAdjudication = db.prepare(
        `INSERT INTO adjudications (recording_id, rubric_id, rubric_version, step_id, final_score, reason, adjudicator_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
      );

      const candidates: string[] = [];
      let adjudications = 0;
      let order = 0;
      const total = nCandidates * rubrics.length;
      for (let c = 0; c < nCandidates; c++) {
        const code = `DEMO-${String(c + 1).padStart(3, '0')}`;
        candidates.push(code);
        db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?) ON CONFLICT (code) DO NOTHING').run(code, created);
        const candidateId = db.prepare('SELECT id FROM candidates WHERE code = ?').pluck().get(code) as number;
        const skill = rng();
        rubrics.forEach((rubric, s) => {
          const at = day + order * 6 * MINUTE;
          const progress = order / Math.max(1, total - 1);
          const duration = opts.videoDurationS ?? DURATION_S[rubric.id] ?? 60;
          const recordingId = Number(
            insertRecording.run({
              sha: createHash('sha256').update(`demo:${seed}:${code}:${rubric.id}`).digest('hex'),
              session: sessionId,
              station: stationRow[s],
              candidate: candidateId,
              path: opts.videoPaths?.[rubric.id] ?? opts.videoPath ?? `/demo-recordings/${code}-${rubric.id}.mp4`,
              duration,
              at: iso(at),
            }).lastInsertRowid,
          );
          const isPending = order >= total - pending;
          order++;
          examiners.forEach((ex, e) =>
            insertMarking.run(recordingId, ex, rubric.id, rubric.version, iso(at + (2 + e) * MINUTE), iso(at + (4 + e) * MINUTE), iso(at)),
          );
          const span = duration / rubric.steps.length;
          rubric.steps.forEach((step, i) => {
            insertSpan.run(recordingId, step.id, +(i * span).toFixed(2), +((i + 1) * span).toFixed(2), iso(at));
            const truth = trueScore(step, skill, rng);
            const notAssessable = rng() < 0.01;
            // Examiner A is lenient early in the day (drift); examiner B is a little strict (hawk).
            let a = truth;
            if (rng() < 0.16 * (1 - progress)) a = neighbour(step, truth, 1);
            else if (rng() < 0.06) a = neighbour(step, truth, rng() < 0.5 ? 1 : -1);
            let b = truth;
            if (rng() < 0.1) b = neighbour(step, truth, -1);
            else if (rng() < 0.05) b = neighbour(step, truth, 1);
            // A recording awaiting adjudication must actually hold a disagreement.
            if (isPending && i === 0 && scoresEqual(a, b)) b = neighbour(step, a, scoresEqual(a, 0) ? 1 : -1);
            [a, b].forEach((score, e) =>
              insertScore.run({
                recording: recordingId,
                rater: examiners[e],
                rubric: rubric.id,
                version: rubric.version,
                step: step.id,
                score: notAssessable ? null : score,
                blind: notAssessable ? null : score,
                na: notAssessable ? 1 : 0,
                naReason: notAssessable ? 'Camera view blocked during this step (demo)' : null,
                comment: notAssessable ? null : commentFor(step, score),
                source: 'examiner',
                at: iso(at + (4 + e) * MINUTE),
              }),
            );
            if (!notAssessable && !scoresEqual(a, b) && !isPending) {
              insertAdjudication.run(recordingId, rubric.id, rubric.version, step.id, truth, 'Re-examined against the rubric (demo adjudication)', iso(at + 30 * MINUTE));
              adjudications++;
            }
            // Near chance: model A mostly guesses, model B says "correct" almost regardless.
            const guessA = rng() < 0.12 ? truth : rng() < 0.55 ? step.max_points : step.allowed_scores[Math.floor(rng() * step.allowed_scores.length)]!;
            const saysCorrect = rng() < 0.1 ? scoresEqual(truth, step.max_points) : rng() < 0.83;
            [guessA, saysCorrect ? step.max_points : 0].forEach((score, m) =>
              insertScore.run({
                recording: recordingId,
                rater: models[m],
                rubric: rubric.id,
                version: rubric.version,
                step: step.id,
                score,
                blind: null,
                na: 0,
                naReason: null,
                comment: null,
                source: 'model',
                at: iso(at + MINUTE),
              }),
            );
          });
        });
      }
      const summary: DemoLabelSummary = {
        sessionId,
        session: sessionName,
        recordings: total,
        candidates,
        examiners: [...DEMO_EXAMINERS],
        models: DEMO_MODELS.map((m) => m.name),
        adjudications,
      };
      const recIds = db.prepare('SELECT id FROM recordings WHERE session_id = ?').pluck().all(sessionId) as number[];
      const pairs = db
        .prepare(`SELECT DISTINCT m.recording_id, m.rater_id FROM markings m JOIN recordings r ON r.id = m.recording_id WHERE r.session_id = ?`)
        .raw()
        .all(sessionId) as [number, number][];
      appendAudit(db, {
        actor, action: 'demo_labels', entity: 'exam_session', entityId: sessionId,
        after: { seed, ...summary, candidates: nCandidates, recorded: { marks: markFacts(db, pairs), adjudications: adjudicationFacts(db, recIds) } },
      });
      return summary;
    })
    .immediate();
}
