/**
 * Finding out what a server accepts, with a few tiny requests that carry nothing from a recording
 * or a rubric: a plain grey 16×16 image, a yes/no question, a tenth of a second of silence. The
 * first request asks for everything scoring wants (an image, a json_schema answer, the provider's
 * token parameter); each refusal, in the server's own words, steps down one thing and asks again.
 * A server that takes everything needs two requests (one with the image, one with audio); the
 * worst case is bounded by MAX_PROBES plus the audio one.
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { CapabilityRefusal, ProviderCapabilities } from '../../../contract/scoring';
import { findPreset, type StructuredOutputMode } from '../../../domain/model-providers/presets';
import { nowIso } from '../../core/clock';
import { redact } from '../../core/log';
import { ProviderRequestError } from './errors';
import type { ProviderConfig } from './provider';
import { ANSWER_SCHEMA_PREFIX, callModel, formatParams, type ModelReply, type RequestFormat } from './request';
import type { BackoffOptions } from './retry';

/** A 16×16 grey JPEG: enough to learn whether the model takes images at all. */
const GREY_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgQEBMQExYWFhYWFhoYGhsbGxoaGhobGxsdHR0iIiIdHR0bGx0dICAiIiUmJSMjIiMmJigoKDAwLi44ODpFRVP/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEAAQAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==';

const MAX_PROBES = 6;
/** The tiny requests may meet a busy server once; more retries would only slow the test down. */
const PROBE_BACKOFF: BackoffOptions = { maxRetries: 1, baseMs: 500, maxDelayMs: 2000, maxRetryAfterMs: 5000 };
const PROBE_SCHEMA = {
  name: 'connection_test',
  strict: true as const,
  schema: {
    type: 'object',
    properties: { grey: { type: 'boolean' } },
    required: ['grey'],
    additionalProperties: false,
  },
};

/** 0.1 s of silence as a 16-bit 8 kHz mono WAV: the smallest audio a server must decode. */
function silentWav(): Buffer {
  const samples = 800;
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

/** The format to try first: what was found before, else the best the preset usually takes. */
export function preferredFormat(provider: ProviderConfig, caps: ProviderCapabilities | null): RequestFormat {
  if (caps) return { structuredOutput: caps.structuredOutput, tokenParameter: caps.tokenParameter };
  const preset = provider.preset ? findPreset(provider.preset) : undefined;
  return { structuredOutput: preset?.structuredOutput ?? 'json_schema', tokenParameter: provider.tokenParameter };
}

const STEP_DOWN: Record<StructuredOutputMode, StructuredOutputMode | null> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: null,
};

/** The format to try after `feature` was refused, or null when nothing is left to drop. */
export function stepDown(
  format: RequestFormat,
  feature: CapabilityRefusal['feature'],
  tried: ReadonlySet<string> = new Set(),
): RequestFormat | null {
  if (feature === 'max_tokens' || feature === 'max_completion_tokens') {
    const other = feature === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
    return format.tokenParameter === feature && !tried.has(other) ? { ...format, tokenParameter: other } : null;
  }
  if (feature === 'json_schema' || feature === 'json_object') {
    const next = STEP_DOWN[format.structuredOutput];
    return next ? { ...format, structuredOutput: next } : null;
  }
  return null;
}

function tinyRequest(
  provider: ProviderConfig,
  format: RequestFormat,
  part: 'image' | 'audio' | 'text',
): ChatCompletionCreateParamsNonStreaming {
  const question: Record<typeof part, string> = {
    image: 'Is this small image a plain grey square? Answer {"grey": true} or {"grey": false}.',
    audio: 'This is a tenth of a second of silence. Answer {"grey": true}.',
    text: 'Is a plain grey square grey? Answer {"grey": true} or {"grey": false}.',
  };
  const content: ChatCompletionContentPart[] = [{ type: 'text', text: question[part] }];
  if (part === 'image')
    content.push({
      type: 'image_url',
      image_url: { url: `data:image/jpeg;base64,${GREY_JPEG_BASE64}`, detail: 'low' },
    });
  if (part === 'audio')
    content.push({ type: 'input_audio', input_audio: { data: silentWav().toString('base64'), format: 'wav' } });
  // As in scoring: without json_schema the shape of the answer is spelled out in the prompt.
  if (format.structuredOutput !== 'json_schema')
    content.push({ type: 'text', text: ANSWER_SCHEMA_PREFIX + JSON.stringify(PROBE_SCHEMA.schema) });
  return {
    model: provider.model,
    messages: [
      { role: 'system', content: 'Answer with a JSON object only.' },
      { role: 'user', content },
    ],
    temperature: 0,
    ...formatParams(format, 64, PROBE_SCHEMA),
  } as ChatCompletionCreateParamsNonStreaming;
}

export interface ProbeOptions {
  apiKey: string;
  signal: AbortSignal;
  /** Called before each tiny request leaves (the caller audits it). */
  beforeSend(what: 'image' | 'audio' | 'text', bytes: number): void;
  /** What was found before, to start from; null tests from the top. */
  previous?: ProviderCapabilities | null;
}

export interface Negotiation {
  /** Null when no request got an answer (the reason is in `failure`). */
  capabilities: ProviderCapabilities | null;
  /** The tiny answer, when there was one. */
  reply: ModelReply | null;
  failure: ProviderRequestError | null;
  /** Why images were judged unsupported, in the server's words. */
  imageRefusal: string | null;
  audioRefusal: string | null;
}

function answeredGrey(text: string | null): boolean {
  try {
    return typeof (JSON.parse((text ?? '').trim()) as { grey?: unknown }).grey === 'boolean';
  } catch {
    return false;
  }
}

export async function negotiateCapabilities(provider: ProviderConfig, opts: ProbeOptions): Promise<Negotiation> {
  let format = preferredFormat(provider, null);
  let part: 'image' | 'text' = 'image';
  const refusals: CapabilityRefusal[] = [];
  const triedTokens = new Set<string>([format.tokenParameter]);
  let requests = 0;
  let images: boolean | null = null;
  let imageRefusal: string | null = null;
  let reply: ModelReply | null = null;
  let failure: ProviderRequestError | null = null;
  const call = (params: ChatCompletionCreateParamsNonStreaming, what: 'image' | 'audio' | 'text') =>
    callModel(params, provider, {
      apiKey: opts.apiKey,
      signal: opts.signal,
      timeoutS: Math.min(provider.timeoutS, 30),
      backoff: PROBE_BACKOFF,
      beforeSend: (i) => {
        requests++;
        opts.beforeSend(what, i.bytes);
      },
    });

  for (let probe = 0; probe < MAX_PROBES && !reply; probe++) {
    try {
      reply = await call(tinyRequest(provider, format, part), part);
      if (part === 'image') images = true;
    } catch (err) {
      if (!(err instanceof ProviderRequestError)) throw err;
      const feature = err.kind === 'unsupported' ? err.feature! : null;
      if (feature) refusals.push({ feature, status: err.status ?? null, message: err.serverSaid ?? err.message });
      if (
        feature === 'images' ||
        (part === 'image' &&
          !feature &&
          err.kind === 'http' &&
          err.status !== 401 &&
          err.status !== 403 &&
          err.status !== 404)
      ) {
        // An unexplained error with an image is tried once without it: if that works, images were the problem.
        images = false;
        imageRefusal = err.serverSaid ?? err.message;
        if (!feature) refusals.push({ feature: 'images', status: err.status ?? null, message: err.message });
        part = 'text';
        failure = err;
        continue;
      }
      const next = feature ? stepDown(format, feature, triedTokens) : null;
      if (next) {
        format = next;
        triedTokens.add(next.tokenParameter);
        continue;
      }
      failure = err;
      break;
    }
  }
  if (!reply) return { capabilities: null, reply: null, failure, imageRefusal, audioRefusal: null };
  failure = null;

  let audio: boolean | null = null;
  let audioRefusal: string | null = null;
  try {
    await call(tinyRequest(provider, { ...format, structuredOutput: format.structuredOutput }, 'audio'), 'audio');
    audio = true;
  } catch (err) {
    if (!(err instanceof ProviderRequestError)) throw err;
    if (err.kind === 'unsupported' || err.kind === 'http') {
      audio = false;
      audioRefusal = err.serverSaid ?? err.message;
      refusals.push({ feature: 'audio', status: err.status ?? null, message: audioRefusal });
    }
  }

  const capabilities: ProviderCapabilities = {
    structuredOutput: format.structuredOutput,
    schemaFollowed: format.structuredOutput === 'json_schema' ? answeredGrey(reply.text) : null,
    tokenParameter: format.tokenParameter,
    images: images === true,
    audio,
    refusals: refusals.map((r) => ({ ...r, message: redact(r.message).slice(0, 300) })),
    requests,
    testedAt: nowIso(),
  };
  return { capabilities, reply, failure, imageRefusal, audioRefusal };
}
