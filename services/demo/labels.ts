/**
 * A seeded demo label dataset: one exam session with CPR, AED and BMV recordings, two examiners
 * whose marks disagree the way real examiners do (one stricter, one lenient early in the day),
 * adjudicated final scores (one recording left awaiting adjudication), step spans, and two clearly
 * labelled demo model configurations that are near chance, as SiMing-Bench found real models to
 * be. The same seed always gives the same data. There are no videos unless `videoPath` is given.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { blankStepScore, insertMarking, insertStepScore, markingPairsOfSession } from '../../db/queries/marks';
import { upsertAdjudication } from '../../db/queries/adjudications';
import { upsertSpan } from '../../db/queries/spans';
import { ensureRater } from '../../db/queries/raters';
import {
  ensureCandidate,
  insertRecording,
  insertSession,
  insertStation,
  recordingIdsWhere,
  sessionByName,
} from '../../db/queries/recordings';
import { latestBuiltinVersion } from '../../db/queries/rubrics';
import { mulberry32 } from '../../domain/agreement/bootstrap';
import { scoresEqual } from '../../domain/rubric/ordinal';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { appendAudit } from '../integrity/audit';
import { adjudicationFacts, markFacts } from '../integrity/replay';
import { getRubric } from '../rubrics/store';
import { seedBuiltinRubrics } from '../rubrics/seed';
import { refreshReviewStatuses } from '../review/review-status';

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

const DEMO_EXAMINERS = ['Dr Demo Ahmed (demo examiner)', 'Dr Demo Brennan (demo examiner)'] as const;
/**
 * Model A is "run" on three of the paper's tasks, so the report can set them side by side (full
 * video vs step clips, step scores vs correct/error); model B judges clips and scores full videos,
 * so the full-video leaderboard has two entries to rank.
 */
const DEMO_MODELS = [
  { name: 'DEMO near-chance model A', key: 'demo:a', task: 'score', mode: 'full' },
  { name: 'DEMO near-chance model B', key: 'demo:b', task: 'binary', mode: 'clips' },
  { name: 'DEMO near-chance model A', key: 'demo:a-clips', task: 'score', mode: 'clips' },
  { name: 'DEMO near-chance model A', key: 'demo:a-binary', task: 'binary', mode: 'full' },
  { name: 'DEMO near-chance model B', key: 'demo:b-scores', task: 'score', mode: 'full' },
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
  const version = latestBuiltinVersion(db, id);
  return getRubric(db, id, version ?? undefined).rubric;
}

function raterId(
  db: Db,
  kind: 'examiner' | 'model',
  name: string,
  configKey: string,
  config: object,
  at: string,
): number {
  return ensureRater(db, { kind, name, configKey, config: JSON.stringify(config), at });
}

export function generateDemoLabels(db: Db, opts: DemoLabelOptions = {}): DemoLabelSummary {
  const seed = opts.seed ?? 7;
  const rng = mulberry32(seed);
  // Model A's other tasks draw from their own stream, so adding them left the rest of the data as it was.
  const rngA = mulberry32(seed + 0x9e3779b9);
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
      if (sessionByName(db, sessionName)) throw new DemoSessionExistsError(sessionName);
      const created = iso(day - 60 * MINUTE);
      const sessionId = insertSession(db, {
        name: sessionName,
        date: '2026-03-10',
        site: 'Demo skills lab',
        blindFirst: true,
        at: created,
      });
      const rubrics = stationIds.map((id) => latestBuiltin(db, id));
      const stationRow = rubrics.map((r) =>
        insertStation(db, {
          session_id: sessionId,
          code: r.id.toUpperCase(),
          rubric_id: r.id,
          rubric_version: r.version,
        }),
      );
      const examiners = DEMO_EXAMINERS.map((name) => raterId(db, 'examiner', name, '', { demo: true }, created));
      const models = DEMO_MODELS.map((m) =>
        raterId(
          db,
          'model',
          m.name,
          m.key,
          { demo: true, model: m.name, promptVersion: 'demo-1', task: m.task, mode: m.mode, provider: 'demo' },
          created,
        ),
      );

      const candidates: string[] = [];
      let adjudications = 0;
      let order = 0;
      const total = nCandidates * rubrics.length;
      for (let c = 0; c < nCandidates; c++) {
        const code = `DEMO-${String(c + 1).padStart(3, '0')}`;
        candidates.push(code);
        const candidateId = ensureCandidate(db, code, created);
        const skill = rng();
        rubrics.forEach((rubric, s) => {
          const at = day + order * 6 * MINUTE;
          const progress = order / Math.max(1, total - 1);
          const duration = opts.videoDurationS ?? DURATION_S[rubric.id] ?? 60;
          const path = opts.videoPaths?.[rubric.id] ?? opts.videoPath ?? `/demo-recordings/${code}-${rubric.id}.mp4`;
          const recordingId = insertRecording(
            db,
            {
              sha256: createHash('sha256').update(`demo:${seed}:${code}:${rubric.id}`).digest('hex'),
              session_id: sessionId,
              station_id: stationRow[s]!,
              candidate_id: candidateId,
              original_path: path,
              stored_path: path,
              storage: 'reference',
              size_bytes: 0,
              mtime_ms: null,
              duration_s: duration,
              width: 1280,
              height: 720,
              rotation: 0,
              fps: null,
              vfr: 0,
              video_codec: 'h264',
              audio_codec: null,
              has_audio: 0,
              container: null,
              poster_path: null,
              proxy_status: 'not_needed',
              attributes: '{"demo":true}',
              imported_at: iso(at),
            },
            [],
          );
          const isPending = order >= total - pending;
          order++;
          examiners.forEach((ex, e) =>
            insertMarking(db, {
              recording_id: recordingId,
              rater_id: ex,
              rubric_id: rubric.id,
              rubric_version: rubric.version,
              status: 'submitted',
              revealed_at: iso(at + (2 + e) * MINUTE),
              submitted_at: iso(at + (4 + e) * MINUTE),
              created_at: iso(at),
            }),
          );
          const span = duration / rubric.steps.length;
          rubric.steps.forEach((step, i) => {
            upsertSpan(db, {
              recording_id: recordingId,
              step_id: step.id,
              start_s: +(i * span).toFixed(2),
              end_s: +((i + 1) * span).toFixed(2),
              rater_id: null,
              updated_at: iso(at),
            });
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
              insertStepScore(db, {
                ...blankStepScore({
                  recording_id: recordingId,
                  rater_id: examiners[e]!,
                  rubric_id: rubric.id,
                  rubric_version: rubric.version,
                  step_id: step.id,
                  source: 'examiner',
                  updated_at: iso(at + (4 + e) * MINUTE),
                }),
                score: notAssessable ? null : score,
                blind_score: notAssessable ? null : score,
                not_assessable: notAssessable ? 1 : 0,
                not_assessable_reason: notAssessable ? 'Camera view blocked during this step (demo)' : null,
                comment: notAssessable ? null : commentFor(step, score),
              }),
            );
            if (!notAssessable && !scoresEqual(a, b) && !isPending) {
              upsertAdjudication(db, {
                recording_id: recordingId,
                rubric_id: rubric.id,
                rubric_version: rubric.version,
                step_id: step.id,
                final_score: truth,
                reason: 'Re-examined against the rubric (demo adjudication)',
                adjudicator_id: null,
                created_at: iso(at + 30 * MINUTE),
              });
              adjudications++;
            }
            // Near chance: model A mostly guesses, model B says "correct" almost regardless.
            const guessA =
              rng() < 0.12
                ? truth
                : rng() < 0.55
                  ? step.max_points
                  : step.allowed_scores[Math.floor(rng() * step.allowed_scores.length)]!;
            const saysCorrect = rng() < 0.1 ? scoresEqual(truth, step.max_points) : rng() < 0.83;
            [guessA, saysCorrect ? step.max_points : 0].forEach((score, m) =>
              insertStepScore(db, {
                ...blankStepScore({
                  recording_id: recordingId,
                  rater_id: models[m]!,
                  rubric_id: rubric.id,
                  rubric_version: rubric.version,
                  step_id: step.id,
                  source: 'model',
                  updated_at: iso(at + MINUTE),
                }),
                score,
              }),
            );
            // Model A on step clips: a little closer to the truth; on a few steps no clip (no suggestion).
            const clip = rngA() < 0.1 ? truth : rngA() < 0.5 ? step.max_points : guessA;
            const aSaysCorrect = rngA() < 0.06 ? scoresEqual(truth, step.max_points) : rngA() < 0.6;
            const guessB =
              rngA() < 0.08 ? truth : rngA() < 0.6 ? step.max_points : neighbour(step, step.max_points, -1);
            const extra: [number, number | null][] = [
              [models[2]!, rngA() < 0.1 ? null : clip],
              [models[3]!, aSaysCorrect ? step.max_points : 0],
              [models[4]!, guessB],
            ];
            for (const [rater, score] of extra) {
              if (score === null) continue;
              insertStepScore(db, {
                ...blankStepScore({
                  recording_id: recordingId,
                  rater_id: rater,
                  rubric_id: rubric.id,
                  rubric_version: rubric.version,
                  step_id: step.id,
                  source: 'model',
                  updated_at: iso(at + MINUTE),
                }),
                score,
              });
            }
          });
        });
      }
      const summary: DemoLabelSummary = {
        sessionId,
        session: sessionName,
        recordings: total,
        candidates,
        examiners: [...DEMO_EXAMINERS],
        models: [...new Set(DEMO_MODELS.map((m) => m.name))],
        adjudications,
      };
      const recIds = recordingIdsWhere(db, { sessionId });
      const pairs = markingPairsOfSession(db, sessionId);
      appendAudit(db, {
        actor,
        action: 'demo_labels',
        entity: 'exam_session',
        entityId: sessionId,
        after: {
          seed,
          ...summary,
          candidates: nCandidates,
          recorded: { marks: markFacts(db, pairs), adjudications: adjudicationFacts(db, recIds) },
        },
      });
      refreshReviewStatuses(db);
      return summary;
    })
    .immediate();
}
