/**
 * Every record of a bundle, checked as the same record typed in the app would be: field by field
 * (types, lengths, no control characters in names, sane sizes, durations and ids), then against
 * its rubric (known steps, scores the step allows, a rubric body whose content hash is recomputed
 * and compared), and its references (a mark's recording and rater must be in the bundle or here).
 */
import { z } from 'zod';
import { rubricContentHash } from '../../domain/rubric/hash';
import { scoreCategory } from '../../domain/rubric/ordinal';
import type { Rubric } from '../../domain/rubric/types';
import { validateRubric } from '../../domain/rubric/validate';
import { excerpt } from '../../domain/csv/rows';
import { hasControlCharacters } from '../../domain/names';
import { ParsedAnswerSchema } from '../../domain/scoring/answer';
import type { EntryKind } from './format';

// The app's one name rule (domain/names.ts): a bundle carries no name the app would refuse.
const noControl = (s: string) => !hasControlCharacters(s);
const name = (max = 200) => z.string().min(1).max(max).refine(noControl, 'has control characters');
const text = (max: number) => z.string().max(max);
const iso = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}/, 'is not a date');
const sha = z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 hex digest');
const flag = z.union([z.literal(0), z.literal(1)]);
const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().finite().min(min).max(max);
const json = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    }, 'is not JSON');
/** A rater key: JSON ["examiner"|"model", name, config key]. */
const raterRef = z
  .string()
  .max(1000)
  .refine((s) => {
    try {
      const v = JSON.parse(s) as unknown;
      return (
        Array.isArray(v) &&
        v.length === 3 &&
        (v[0] === 'examiner' || v[0] === 'model') &&
        typeof v[1] === 'string' &&
        v[1].length > 0 &&
        v[1].length <= 200 &&
        noControl(v[1]) &&
        typeof v[2] === 'string' &&
        v[2].length <= 500
      );
    } catch {
      return false;
    }
  }, 'is not a rater reference');
/** A model run's accepted answer, as the app itself validates answers (domain/scoring/answer.ts). */
const answerJson = z
  .string()
  .max(2_000_000)
  .refine((s) => {
    try {
      return ParsedAnswerSchema.safeParse(JSON.parse(s)).success;
    } catch {
      return false;
    }
  }, 'is not a model answer as this app stores them');
const rubricRef = { rubric_id: name(64), rubric_version: int(1, 100_000) };
const stepId = name(128);

const MEDIA_EXTS = /^\.(mp4|m4v|mov|qt|mkv|webm|avi|mts|m2ts|ts|mpg|mpeg|wmv|asf|flv|3gp|3g2|mxf|dv|ogv|vob|video)$/;

export const RECORD_SCHEMAS: Record<EntryKind, z.ZodType<Record<string, unknown>>> = {
  rubric: z
    .object({
      id: name(64),
      version: int(1, 100_000),
      title: name(500),
      station: name(200),
      content_hash: sha,
      body: json(1_000_000),
      builtin: flag,
      created_at: iso,
    })
    .strict(),
  session: z
    .object({ name: name(), exam_date: iso.nullable(), site: text(200).nullable(), blind_first: flag, created_at: iso })
    .strict(),
  station: z.object({ code: name(64), ...rubricRef, session: name() }).strict(),
  candidate: z.object({ code: name(64) }).strict(),
  rater: z
    .object({
      kind: z.enum(['examiner', 'model']),
      name: name(),
      config_key: text(500).refine(noControl, 'has control characters'),
      config: json(100_000),
      created_at: iso,
    })
    .strict(),
  recording: z
    .object({
      sha256: sha,
      original_path: text(4096),
      storage: z.enum(['copy', 'reference']),
      size_bytes: int(0, 2 ** 50),
      duration_s: num(0.01, 24 * 3600),
      width: int(1, 16384),
      height: int(1, 16384),
      rotation: int(-360, 360),
      fps: num(0, 1000).nullable(),
      vfr: flag,
      video_codec: name(64),
      audio_codec: text(64).nullable(),
      has_audio: flag,
      container: text(200).nullable(),
      attributes: json(65_536),
      imported_at: iso,
      session: name(),
      station: name(64),
      candidate: name(64).nullable(),
      media_ext: z.string().regex(MEDIA_EXTS, 'is not a known video extension'),
    })
    .strict(),
  recording_examiner: z.object({ recording: sha, rater: raterRef }).strict(),
  model_run: z
    .object({
      idempotency_key: name(500),
      status: z.enum(['done', 'rejected', 'failed', 'cancelled']),
      provider: name(200),
      host: text(500),
      model: name(200),
      task: z.enum(['score', 'binary']),
      mode: z.enum(['full', 'clips']),
      prompt_version: name(100),
      prompt_hash: text(200),
      ...rubricRef,
      frame_spec: json(100_000),
      frame_timestamps: json(1_000_000).nullable(),
      temperature: num(0, 10).nullable(),
      seed: z.number().int().nullable(),
      raw_response: text(2_000_000).nullable(),
      parsed: answerJson.nullable(),
      reason: text(100_000).nullable(),
      prompt_tokens: int(0, 1e9).nullable(),
      completion_tokens: int(0, 1e9).nullable(),
      attempts: int(0, 1000),
      created_at: iso,
      started_at: iso.nullable(),
      finished_at: iso.nullable(),
      step_id: stepId.nullable().optional(),
      recording: sha,
      rater: raterRef,
      superseded_by: text(1000).nullable(),
    })
    .strict(),
  marking: z
    .object({
      ...rubricRef,
      status: z.enum(['in_progress', 'submitted']),
      revealed_at: iso.nullable(),
      submitted_at: iso.nullable(),
      created_at: iso,
      recording: sha,
      rater: raterRef,
    })
    .strict(),
  step_score: z
    .object({
      ...rubricRef,
      step_id: stepId,
      score: num(0, 1000).nullable(),
      blind_score: num(0, 1000).nullable(),
      not_assessable: flag,
      not_assessable_reason: text(4000).nullable(),
      comment: text(4000).nullable(),
      source: z.enum(['examiner', 'model', 'import']),
      suggestion_visible: flag,
      from_suggestion: flag,
      // Bundles from before accepted verdicts were kept have no such field.
      model_verdict: z.enum(['correct', 'error']).nullable().optional(),
      updated_at: iso,
      recording: sha,
      rater: raterRef,
      run: text(1000).nullable(),
    })
    .strict(),
  step_span: z
    .object({
      step_id: stepId,
      start_s: num(0, 24 * 3600),
      end_s: num(0, 24 * 3600),
      updated_at: iso,
      recording: sha,
      rater: raterRef.nullable(),
    })
    .strict(),
  adjudication: z
    .object({
      ...rubricRef,
      step_id: stepId,
      final_score: num(0, 1000),
      reason: z.string().trim().min(1).max(4000),
      created_at: iso,
      recording: sha,
      adjudicator: raterRef.nullable(),
    })
    .strict(),
  audit_event: z
    .object({
      seq: int(1, 2 ** 50),
      at: iso,
      actor: text(500),
      action: text(200),
      entity: text(200),
      entity_id: text(1000).nullable(),
      before: json(10_000_000).nullable(),
      after: json(10_000_000).nullable(),
      suggestion_visible: flag,
      prev_hash: z.string().regex(/^([0-9a-f]{64})?$/),
      hash: sha,
    })
    .strict(),
};

/** The first structural problem of a record, in words naming the field; null when it is fine. */
export function recordProblem(kind: EntryKind, value: unknown): string | null {
  const r = RECORD_SCHEMAS[kind].safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || 'the record';
  return `${field} ${issue.code === 'unrecognized_keys' ? `has unexpected fields (${(issue as { keys?: string[] }).keys?.join(', ')})` : excerpt(issue.message, 120)}`;
}

/** A rubric record's body parsed, validated, and re-hashed: the stored content_hash must be its own. */
export function rubricOfRecord(r: Record<string, unknown>): { rubric: Rubric } | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(String(r.body));
  } catch {
    return { problem: 'its body is not JSON' };
  }
  const v = validateRubric(body);
  if (!v.ok)
    return {
      problem: `its body is not a valid rubric (${v.problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')})`,
    };
  if (v.rubric.id !== r.id || v.rubric.version !== r.version)
    return {
      problem: `its body is rubric ${v.rubric.id} v${v.rubric.version}, not ${String(r.id)} v${String(r.version)}`,
    };
  if (rubricContentHash(v.rubric) !== r.content_hash)
    return { problem: 'its body does not match its content hash (the rubric was edited after it was hashed)' };
  return { rubric: v.rubric };
}

/** The rubric's verdict on a score for a step, in words; null when allowed. */
export function scoreProblemFor(rubric: Rubric, step: string, score: number | null, what: string): string | null {
  const s = rubric.steps.find((x) => x.id === step);
  if (!s) return `${what}: step '${excerpt(step, 60)}' is not in rubric ${rubric.id} v${rubric.version}`;
  if (score === null) return null;
  try {
    scoreCategory(s, score);
    return null;
  } catch {
    return `${what}: score ${score} is not allowed for step '${step}' (allowed: ${s.allowed_scores.join(', ')})`;
  }
}
