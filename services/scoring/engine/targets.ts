/**
 * What one scoring run is about: the recording, its station's rubric version, the clip spans, and
 * the identity of the run (idempotency key) and of the model rater (which configuration made a
 * suggestion). Two runs with the same key would send the same thing to the same model, so a
 * finished one is reused instead of paying for it twice.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/connection';
import { spansOf } from '../../../db/queries/spans';
import { ensureRater } from '../../../db/queries/raters';
import { placedRecording } from '../../../db/queries/recordings';
import { canonicalJson } from '../../../domain/rubric/hash';
import type { Rubric, RubricStep, RubricTextLanguage } from '../../../domain/rubric/types';
import type { RubricLanguage } from '../../../domain/rubric/texts';
import { nowIso } from '../../core/clock';
import { NotFoundError } from '../../core/errors';
import { getRubric } from '../../rubrics/store';
import { RecordingNotScorableError } from './errors';
import type { RecordingForFrames } from './frame-source';
import type { PromptTemplate, ScoringMode, ScoringTask } from './prompts';
import { classifyHost, type ProviderConfig } from './provider';

export interface StepSpan {
  stepId: string;
  startS: number;
  endS: number;
}

export interface ScoringTarget {
  recording: RecordingForFrames;
  rubric: Rubric;
  /** The recording has a sound track (as probed at import). */
  hasAudio: boolean;
}

/** Spans shorter than this hold too little to judge and are not sent. */
const MIN_SPAN_S = 0.2;

export function loadScoringTarget(db: Db, recordingId: number): ScoringTarget {
  const row = placedRecording(db, recordingId);
  if (!row) throw new NotFoundError(`Recording ${recordingId}`);
  let rubric: Rubric;
  try {
    rubric = getRubric(db, row.rubric_id, row.rubric_version).rubric;
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new RecordingNotScorableError(
        row.id,
        `its station's rubric ${row.rubric_id} version ${row.rubric_version} is not in the database`,
      );
    }
    throw err;
  }
  if (!(row.duration_s > 0)) throw new RecordingNotScorableError(row.id, 'its duration is unknown (0 s)');
  return {
    recording: {
      id: row.id,
      sha256: row.sha256,
      storedPath: row.stored_path,
      durationS: row.duration_s,
      fps: row.fps,
    },
    rubric,
    hasAudio: row.has_audio === 1,
  };
}

/**
 * The marked spans of the rubric's steps, in rubric order, clamped to the recording. Steps without
 * a usable span are returned separately: clip mode does not judge them (no suggestion, never a
 * made-up one).
 */
export function loadStepSpans(db: Db, target: ScoringTarget): { spans: StepSpan[]; unmarked: string[] } {
  const rows = spansOf(db, target.recording.id);
  const byStep = new Map(rows.map((r) => [r.step_id, r]));
  const spans: StepSpan[] = [];
  const unmarked: string[] = [];
  for (const step of target.rubric.steps) {
    const r = byStep.get(step.id);
    const startS = r ? Math.max(0, r.start_s) : 0;
    const endS = r ? Math.min(target.recording.durationS, r.end_s) : 0;
    if (r && endS - startS >= MIN_SPAN_S) spans.push({ stepId: step.id, startS, endS });
    else unmarked.push(step.id);
  }
  return { spans, unmarked };
}

/** Everything that decides which frames are sent; stored on the run and part of its key. */
export interface FrameSpec {
  count: number;
  longSide: number;
  detail: ProviderConfig['imageDetail'];
  spans?: StepSpan[];
  /** Present (true) when faces are masked before sending: other frames, so another key. Absent otherwise, so older keys stay. */
  maskFaces?: true;
  /** Present (true) when the recording's audio (or each span's) is sent with the frames: the run records it. */
  audio?: true;
  /** Steps that depend on speech and are not asked because no audio is sent: recorded as not assessable from video. */
  unheard?: string[];
  /**
   * Present when the prompt gives the rubric in its other language (e.g. the Chinese text): other
   * words sent, so another key; stored with the run so runs can be told apart. Absent for English.
   */
  promptLanguage?: RubricTextLanguage;
}

export interface RunIdentity {
  provider: ProviderConfig;
  task: ScoringTask;
  mode: ScoringMode;
  prompt: PromptTemplate;
  longSide: number;
  /** The configuration sends audio where a recording has it. */
  audio: boolean;
  /** The language of the rubric text in the prompt ('en': the rubric's main text). */
  promptLanguage: RubricLanguage;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Same recording bytes, rubric version, prompt text, provider host, model, task, mode, frame spec
 * and sampling settings (temperature, seed) → same key. Temperature and seed are included because
 * a run at another temperature is not the same measurement.
 */
export function idempotencyKey(target: ScoringTarget, id: RunIdentity, frames: FrameSpec): string {
  return sha(
    canonicalJson({
      v: 1,
      recording: target.recording.sha256,
      rubric: { id: target.rubric.id, version: target.rubric.version },
      prompt: { id: id.prompt.id, hash: id.prompt.hash },
      host: classifyHost(id.provider.baseUrl).host,
      model: id.provider.model,
      task: id.task,
      mode: id.mode,
      frames,
      temperature: id.provider.temperature,
      seed: id.provider.seed ?? null,
    }),
  );
}

/** The rater's configuration: what makes two model suggestions comparable for agreement. */
function raterConfig(id: RunIdentity): Record<string, unknown> {
  const { kind, baseUrl, model, framesPerRequest, imageDetail, temperature, maxOutputTokens, seed, maskFaces } =
    id.provider;
  return {
    kind,
    baseUrl,
    host: classifyHost(baseUrl).host,
    model,
    task: id.task,
    mode: id.mode,
    prompt: { id: id.prompt.id, hash: id.prompt.hash },
    framesPerRequest,
    imageDetail,
    longSide: id.longSide,
    temperature,
    maxOutputTokens,
    seed: seed ?? null,
    // Masked frames are a different input; unmasked configurations keep the key they always had.
    ...(maskFaces ? { maskFaces: true } : {}),
    // So does audio: configurations without it keep the key they always had.
    ...(id.audio ? { audio: true } : {}),
    // And the rubric's words in another language: a model may judge Chinese criteria differently.
    ...(id.promptLanguage !== 'en' ? { promptLanguage: id.promptLanguage } : {}),
  };
}

/** The model rater row for this configuration (kind 'model': its scores are suggestions, never marks). */
export function ensureModelRater(db: Db, id: RunIdentity): number {
  const config = raterConfig(id);
  const { maxOutputTokens: _ignored, ...identifying } = config;
  const configKey = sha(canonicalJson(identifying)).slice(0, 16);
  const name = id.provider.model;
  return ensureRater(db, { kind: 'model', name, configKey, config: JSON.stringify(config), at: nowIso() });
}

/** The rubric steps a request is about: all of them in full mode, one in clip mode. */
export function stepsFor(rubric: Rubric, stepIds: readonly string[]): RubricStep[] {
  return stepIds.map((sid) => {
    const s = rubric.steps.find((x) => x.id === sid);
    if (!s) throw new RecordingNotScorableError(0, `rubric ${rubric.id} has no step ${sid}`);
    return s;
  });
}
