/**
 * Carries out one claimed run: frames (and audio, when the configuration sends it) → (faces
 * masked) → frames stored as sent → request → check the answer → (one stricter retry) →
 * suggestions. Full mode is one request for the whole recording; clip mode is one request per
 * marked step span, and the run succeeds only if every sent step gets a usable answer. Steps that
 * depend on speech are not asked when no audio is sent; they are recorded as not assessable.
 */
import type { Db } from '../../../db/connection';
import { CancelledError } from '../../core/errors';
import { redact, type Logger } from '../../core/log';
import { MediaError } from '../../media';
import { FaceMaskingError, type FaceMasker } from '../../media/face-masking';
import { notSent, sendAdapting, type BatchConnection } from './adaptive-send';
import { validateAnswer, type ParsedAnswer, type StepJudgement } from './answer';
import { buildAnswerSchema } from './answer-schema';
import { AnswerRejectedError, ProviderRequestError, RecordingNotScorableError } from './errors';
import type { AudioSource } from './audio-source';
import type { FrameSource, ScoringFrame } from './frame-source';
import type { Semaphore } from '../../core/semaphore';
import { renderPrompt, renderRetry, type PromptInput, type PromptTemplate } from './prompts';
import { classifyHost, type ProviderConfig } from './provider';
import { buildChatRequest } from './request';
import { finishDone, finishUnsuccessful, recordOutboundRequest, recordRejectedAnswer, type Tokens } from './runs-store';
import { storeSentFrames } from './sent-frames-store';
import { stepsFor, type FrameSpec, type ScoringTarget } from './targets';
import { localizedRubric } from '../../../domain/rubric/texts';

export interface RunEnvironment {
  db: Db;
  actor: string;
  log: Logger;
  provider: ProviderConfig;
  template: PromptTemplate;
  frameSource: FrameSource;
  /** Limits concurrent frame extraction and masking (CPU) separately from requests (the provider's limit). */
  frameGate: Semaphore;
  /** The batch's connection: key, adaptive gate, answer format, and whether the batch was stopped. */
  connection: BatchConnection;
  /** Set when the provider masks faces: every frame goes through it before it is sent. */
  masker: FaceMasker | null;
  /** Where the audio comes from when a run's frame spec says it is sent. */
  audioSource?: AudioSource;
  signal: AbortSignal;
}

export interface PlannedRun {
  runId: number;
  target: ScoringTarget;
  frameSpec: FrameSpec;
  /** Clip mode: steps with no usable span; they get no suggestion. */
  unmarked: string[];
}

export interface RunOutcome {
  status: 'done' | 'failed' | 'cancelled';
  reason: string | null;
  /** Everything this run spent, rejected attempts included. */
  tokens: Tokens;
}

interface Unit {
  stepIds: string[];
  span?: { startS: number; endS: number };
}

const addTokens = (a: Tokens, b: Tokens): Tokens => ({
  prompt: a.prompt === null && b.prompt === null ? null : (a.prompt ?? 0) + (b.prompt ?? 0),
  completion: a.completion === null && b.completion === null ? null : (a.completion ?? 0) + (b.completion ?? 0),
});

/** The frames as they will be sent: masked where the provider masks faces (CPU work, so within the frame gate). */
async function framesToSend(
  env: RunEnvironment,
  frames: readonly ScoringFrame[],
): Promise<{ frame: ScoringFrame; maskedRegions: number }[]> {
  if (!env.masker) return frames.map((frame) => ({ frame, maskedRegions: 0 }));
  const out: { frame: ScoringFrame; maskedRegions: number }[] = [];
  for (const f of frames) {
    if (env.signal.aborted) throw new CancelledError();
    const masked = await env.masker.mask(f.jpeg);
    out.push({ frame: { timestampS: f.timestampS, jpeg: masked.jpeg }, maskedRegions: masked.regions.length });
  }
  return out;
}

function isCancel(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || err instanceof CancelledError;
}

export async function executeRun(env: RunEnvironment, plan: PlannedRun): Promise<RunOutcome> {
  const { db, provider, template, target, signal } = { ...env, target: plan.target };
  const host = classifyHost(provider.baseUrl).host;
  const unheard = new Set(plan.frameSpec.unheard ?? []);
  const sendsAudio = plan.frameSpec.audio === true;
  const asked = target.rubric.steps.map((s) => s.id).filter((id) => !unheard.has(id));
  // The rubric as the prompt words it: its other language's text when the run asked for it (the
  // same steps, ids and points; only the words differ), else its main English text.
  const promptRubric = plan.frameSpec.promptLanguage
    ? localizedRubric(target.rubric, plan.frameSpec.promptLanguage)
    : target.rubric;
  const units: Unit[] =
    template.mode === 'full'
      ? asked.length
        ? [{ stepIds: asked }]
        : []
      : (plan.frameSpec.spans ?? [])
          .filter((s) => !unheard.has(s.stepId))
          .map((s) => ({ stepIds: [s.stepId], span: { startS: s.startS, endS: s.endS } }));
  let spent: Tokens = { prompt: null, completion: null };
  let accepted: Tokens = { prompt: null, completion: null };
  const steps: Record<string, StepJudgement> = {};
  const raws: { step_id: string | null; response: unknown }[] = [];
  const times: Record<string, number[]> = {};
  let extractedFrom: ParsedAnswer['extractedFrom'] = 'whole';
  try {
    if (units.length === 0 && unheard.size === 0)
      throw new RecordingNotScorableError(
        target.recording.id,
        'no rubric step has a marked time span, so clip mode has nothing to send',
      );
    for (const unit of units) {
      if (env.connection.stopped) throw notSentError(env);
      const prepared = await env.frameGate.run(signal, async () => {
        const sampled = await env.frameSource.frames({
          recording: target.recording,
          count: plan.frameSpec.count,
          longSide: plan.frameSpec.longSide,
          signal,
          ...(unit.span ? { fromS: unit.span.startS, toS: unit.span.endS } : {}),
        });
        if (sampled.frames.length === 0)
          throw new RecordingNotScorableError(target.recording.id, 'no frames could be extracted');
        const masked = await framesToSend(env, sampled.frames);
        const from = unit.span?.startS ?? 0;
        const to = unit.span?.endS ?? target.recording.durationS;
        if (!sendsAudio) return { masked, audio: undefined };
        if (!env.audioSource)
          throw new RecordingNotScorableError(
            target.recording.id,
            'audio should be sent but no audio source is set up',
          );
        const clip = await env.audioSource.audio({
          recording: target.recording,
          signal,
          ...(unit.span ? { fromS: from, toS: to } : {}),
        });
        return { masked, audio: { data: clip.data, format: clip.format, fromS: from, toS: to } };
      });
      const frames = prepared.masked.map((p) => p.frame);
      let framesStored = false;
      const frameTimesS = frames.map((f) => f.timestampS);
      const stepList = stepsFor(promptRubric, unit.stepIds);
      const input: PromptInput = {
        rubric: promptRubric,
        steps: stepList,
        durationS: target.recording.durationS,
        frameTimesS,
        ...(unit.span ? { span: unit.span } : {}),
        audio: sendsAudio,
        unheard: template.mode === 'full' ? stepsFor(promptRubric, [...unheard]) : [],
        ...(plan.frameSpec.promptLanguage ? { language: plan.frameSpec.promptLanguage } : {}),
      };
      const prompt = renderPrompt(template, input);
      const schema = buildAnswerSchema(stepList, template.task);
      const stepId = unit.span ? unit.stepIds[0]! : null;
      let retryInstruction: string | undefined;
      for (let answerAttempt = 1; ; answerAttempt++) {
        const reply = await sendAdapting(
          env.connection,
          (format) =>
            buildChatRequest({
              provider,
              prompt,
              frames,
              schema,
              format,
              ...(retryInstruction ? { retryInstruction } : {}),
              ...(prepared.audio ? { audio: prepared.audio } : {}),
            }),
          {
            signal,
            beforeSend: (info) => {
              // The frames are kept exactly as they leave, before the first request carrying them.
              if (!framesStored) {
                storeSentFrames(
                  db,
                  plan.runId,
                  stepId,
                  prepared.masked.map((p) => ({
                    timestampS: p.frame.timestampS,
                    jpeg: p.frame.jpeg,
                    maskedRegions: p.maskedRegions,
                  })),
                );
                framesStored = true;
              }
              recordOutboundRequest(
                db,
                {
                  runId: plan.runId,
                  recordingId: target.recording.id,
                  host,
                  model: provider.model,
                  frames: info.frames,
                  bytes: info.bytes,
                  attempt: info.attempt,
                  stepId,
                  answerFormat: env.connection.format.structuredOutput,
                  facesMasked: env.masker !== null,
                  ...(info.audio ? { audioBytes: prepared.audio?.data.length ?? 0 } : {}),
                },
                env.actor,
              );
            },
            onRetry: (r) =>
              env.log.warn('model request retried', {
                run: plan.runId,
                host,
                status: r.status,
                cause: r.cause,
                delayMs: r.delayMs,
              }),
          },
        );
        const replyTokens = { prompt: reply.promptTokens, completion: reply.completionTokens };
        spent = addTokens(spent, replyTokens);
        const check = validateAnswer(reply, {
          steps: stepList,
          task: template.task,
          durationS: target.recording.durationS,
        });
        if (check.ok) {
          Object.assign(steps, check.answer.steps);
          if (check.answer.extractedFrom !== 'whole') extractedFrom = check.answer.extractedFrom;
          accepted = addTokens(accepted, replyTokens);
          raws.push({ step_id: stepId, response: JSON.parse(reply.raw) as unknown });
          times[stepId ?? 'all'] = frameTimesS;
          break;
        }
        if (signal.aborted) throw new CancelledError();
        recordRejectedAnswer(
          db,
          plan.runId,
          { raw: reply.raw, reason: check.reason, tokens: replyTokens, stepId, frameTimestamps: frameTimesS },
          env.actor,
        );
        if (answerAttempt >= 2) throw new AnswerRejectedError(check.reason, reply.text ?? '');
        retryInstruction = renderRetry(template, input, check.reason);
      }
    }
    // A cancel that arrives after the last answer still wins: nothing is written for it.
    if (signal.aborted) throw new CancelledError();
    const answer: ParsedAnswer = { task: template.task, steps, extractedFrom };
    const notes = [
      plan.unmarked.length ? `not judged (no marked span): ${plan.unmarked.join(', ')}` : null,
      unheard.size ? `not assessable from video (no audio sent): ${[...unheard].join(', ')}` : null,
    ].filter((n): n is string => n !== null);
    const note = notes.length ? notes.join('; ') : null;
    const written = finishDone(
      db,
      plan.runId,
      {
        answer,
        raw: JSON.stringify(template.mode === 'full' ? (raws[0]?.response ?? null) : raws),
        tokens: accepted,
        frameTimestamps: template.mode === 'full' ? (times.all ?? []) : times,
        note,
      },
      target.rubric,
      env.actor,
    );
    if (!written)
      return {
        status: 'failed',
        reason: 'the run was taken over by another process before its answer was saved',
        tokens: spent,
      };
    return { status: 'done', reason: note, tokens: spent };
  } catch (err) {
    if (isCancel(err, signal)) {
      finishUnsuccessful(db, plan.runId, 'cancelled', 'cancelled', env.actor, accepted);
      return { status: 'cancelled', reason: 'cancelled', tokens: spent };
    }
    const reason = failureReason(err);
    if (!(
      err instanceof ProviderRequestError ||
      err instanceof AnswerRejectedError ||
      err instanceof MediaError ||
      err instanceof RecordingNotScorableError ||
      err instanceof FaceMaskingError
    )) {
      env.log.error('scoring run failed unexpectedly', {
        run: plan.runId,
        error: redact(String((err as Error)?.stack ?? err)),
      });
    }
    finishUnsuccessful(db, plan.runId, 'failed', reason, env.actor, accepted);
    return { status: 'failed', reason, tokens: spent };
  }
}

function notSentError(env: RunEnvironment): ProviderRequestError {
  return notSent(env.connection.stopped!);
}

function failureReason(err: unknown): string {
  if (err instanceof AnswerRejectedError)
    return redact(`the answer was rejected twice (after a stricter retry): ${err.reason}`);
  return redact((err as Error)?.message ?? String(err));
}
