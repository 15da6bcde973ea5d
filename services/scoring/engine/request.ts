/**
 * One chat-completions request with frames, through the `openai` package: the format OpenAI,
 * Ollama, vLLM, LM Studio and llama.cpp's server all accept. Images go as data: URLs, each after a
 * text part giving its time. The answer shape goes as a strict json_schema response format where
 * the server takes one; otherwise as json_object or no response format, with the schema written
 * into the prompt. The answer is checked in the app either way (answer.ts).
 *
 * Failures are handled by cause: 429 and 5xx are retried with backoff (honouring retry-after); a
 * timeout, counted from when the request was sent, is retried once; a refusal of something the
 * server cannot do (json_schema, a token parameter, images) is final and named, so the caller can
 * step down or stop; any other 4xx is final with the server's own message.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { CancelledError } from '../../core/errors';
import { redact } from '../../core/log';
import type { AnswerSchema } from './answer-schema';
import { ProviderRequestError } from './errors';
import { modelClient } from './model-client';
import type { ScoringFrame } from './frame-source';
import { frameLabel, type RenderedPrompt } from './prompts';
import { classifyHost, type ProviderConfig } from './provider';
import type { AdaptiveLimiter, Ticket } from './limiter';
import { backoffDelayMs, DEFAULT_BACKOFF, isRetryableStatus, retryAfterMs, sleep, type BackoffOptions } from './retry';
import type { CapabilityRefusal, StructuredOutputMode, TokenParameter } from '../../../contract/scoring';

/** How an answer format is asked for, and under which name the length limit goes. */
export interface RequestFormat {
  structuredOutput: StructuredOutputMode;
  tokenParameter: TokenParameter;
}

/** Without json_schema, the schema goes into the prompt after these words (the fake test server reads it there too). */
export const ANSWER_SCHEMA_PREFIX = 'The answer must be one JSON object matching this JSON Schema: ';

export interface ChatRequestInput {
  provider: ProviderConfig;
  prompt: RenderedPrompt;
  frames: readonly ScoringFrame[];
  schema: AnswerSchema;
  format: RequestFormat;
  /** The stricter instruction of a second attempt, appended after everything else. */
  retryInstruction?: string;
  /** The recording's (or span's) audio, sent as one input_audio part before the first frame. */
  audio?: { data: Buffer; format: 'wav' | 'mp3'; fromS: number; toS: number };
}

/** The label before the audio part. */
function audioLabel(fromS: number, toS: number): string {
  return `Audio from ${fromS.toFixed(1)} s to ${toS.toFixed(1)} s:`;
}

/** The parts of a request that depend on the server's capabilities. */
export function formatParams(
  format: RequestFormat,
  maxTokens: number,
  schema?: AnswerSchema,
): Partial<ChatCompletionCreateParamsNonStreaming> {
  const limit =
    format.tokenParameter === 'max_completion_tokens'
      ? { max_completion_tokens: maxTokens }
      : { max_tokens: maxTokens };
  if (format.structuredOutput === 'json_schema' && schema) {
    return {
      ...limit,
      response_format: { type: 'json_schema', json_schema: { name: schema.name, strict: true, schema: schema.schema } },
    };
  }
  if (format.structuredOutput === 'json_object') return { ...limit, response_format: { type: 'json_object' } };
  return limit;
}

/** Pure: the exact request body, so tests can check it without a server. */
export function buildChatRequest(input: ChatRequestInput): ChatCompletionCreateParamsNonStreaming {
  const { provider, prompt, frames, format } = input;
  const content: ChatCompletionContentPart[] = [{ type: 'text', text: prompt.user }];
  if (input.audio) {
    content.push({ type: 'text', text: audioLabel(input.audio.fromS, input.audio.toS) });
    content.push({
      type: 'input_audio',
      input_audio: { data: input.audio.data.toString('base64'), format: input.audio.format },
    });
  }
  frames.forEach((f, i) => {
    content.push({ type: 'text', text: frameLabel(i, frames.length, f.timestampS) });
    content.push({
      type: 'image_url',
      image_url: { url: `data:image/jpeg;base64,${f.jpeg.toString('base64')}`, detail: provider.imageDetail },
    });
  });
  if (prompt.closing) content.push({ type: 'text', text: prompt.closing });
  if (format.structuredOutput !== 'json_schema')
    content.push({ type: 'text', text: ANSWER_SCHEMA_PREFIX + JSON.stringify(input.schema.schema) });
  // Same user message rather than a second one: several local chat templates reject two user turns in a row.
  if (input.retryInstruction) content.push({ type: 'text', text: input.retryInstruction });
  return {
    model: provider.model,
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content },
    ],
    temperature: provider.temperature,
    ...(provider.seed !== undefined ? { seed: provider.seed } : {}),
    ...formatParams(format, provider.maxOutputTokens, input.schema),
  } as ChatCompletionCreateParamsNonStreaming;
}

/**
 * Which feature a server's error refuses, from its status and its own words, or null when the
 * error is about something else. Servers word these differently (llama.cpp, Ollama, vLLM, LM
 * Studio, OpenAI), so the patterns are loose, and only checked against what the request used.
 */
function refusedFeature(
  status: number | undefined,
  message: string,
  sent: ChatCompletionCreateParamsNonStreaming,
): CapabilityRefusal['feature'] | null {
  if (status === undefined || status === 429 || status === 401 || status === 403 || status === 404) return null;
  const m = message.toLowerCase();
  const format = (sent.response_format as { type?: string } | undefined)?.type;
  if ('max_completion_tokens' in sent && m.includes('max_completion_tokens')) return 'max_completion_tokens';
  if ('max_tokens' in sent && /\bmax_tokens\b/.test(m) && !m.includes('max_completion_tokens')) return 'max_tokens';
  if (format && /response_format|json_schema|json_object|structured output|guided|grammar/.test(m))
    return format === 'json_schema' ? 'json_schema' : 'json_object';
  const parts = (sent.messages[1]?.content as ChatCompletionContentPart[] | string | undefined) ?? [];
  const types = Array.isArray(parts) ? new Set(parts.map((p) => p.type)) : new Set<string>();
  if (types.has('image_url') && /image|vision|mmproj|multimodal|multi-modal/.test(m)) return 'images';
  if (types.has('input_audio') && /audio/.test(m)) return 'audio';
  return null;
}

export interface SendInfo {
  /** 1 for the first HTTP attempt, 2+ for retries after 429/5xx or a timeout. */
  attempt: number;
  bytes: number;
  frames: number;
  /** input_audio parts in the request. */
  audio: number;
}

export interface ModelReply {
  text: string | null;
  finishReason: string | null;
  refusal: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The whole response body as JSON, redacted; kept for reproducibility. */
  raw: string;
  bytes: number;
  httpAttempts: number;
}

export interface CallOptions {
  apiKey: string;
  signal: AbortSignal;
  backoff?: BackoffOptions;
  /** The provider's adaptive concurrency gate: a slot is held only while a request is out. */
  gate?: AdaptiveLimiter;
  /** Overrides the provider's timeout (seconds), e.g. for the tiny capability tests. */
  timeoutS?: number;
  /** Checked once a slot is free, just before sending: an error here is thrown instead (a stopped batch). */
  stopIf?(): Error | null;
  /** Called before every HTTP attempt (the audit trail records each one). Throwing stops the call. */
  beforeSend?(info: SendInfo): void;
  onRetry?(info: {
    attempt: number;
    delayMs: number;
    status: number | undefined;
    cause: 'rate_limited' | 'server_error' | 'timeout';
  }): void;
}

/** fetch wraps the socket error ("fetch failed" → cause ECONNREFUSED); the innermost code says most. */
function networkCause(err: Error): string {
  let e: unknown = err;
  let message = err.message;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code) return code;
    if ((e as Error).message) message = (e as Error).message;
    e = (e as { cause?: unknown }).cause;
  }
  return message;
}

function describeHttpError(err: APIError, host: string): string {
  const detail = serverMessage(err);
  if (err.status === 401 || err.status === 403) return `${host} refused the API key (HTTP ${err.status}): ${detail}`;
  if (err.status === 404) return `${host} has no such model or endpoint (HTTP 404): ${detail}`;
  return `${host} answered HTTP ${err.status}: ${detail}`;
}

/** A slot on the gate, or a stand-in when there is no gate (the connection test). */
async function slot(gate: AdaptiveLimiter | undefined, signal: AbortSignal): Promise<Ticket> {
  return gate ? gate.acquire(signal) : { epoch: 0, release: () => undefined };
}

/**
 * Sends the request (see the module comment for what is retried). A cancel rejects with
 * CancelledError and leaves nothing running.
 */
export async function callModel(
  request: ChatCompletionCreateParamsNonStreaming | (() => ChatCompletionCreateParamsNonStreaming),
  provider: ProviderConfig,
  opts: CallOptions,
): Promise<ModelReply> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const host = classifyHost(provider.baseUrl).host;
  const timeoutS = opts.timeoutS ?? provider.timeoutS;
  const client = modelClient({ apiKey: opts.apiKey, baseURL: provider.baseUrl, timeoutMs: timeoutS * 1000 });
  let statusRetries = 0;
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    const ticket = await slot(opts.gate, opts.signal);
    let completion: ChatCompletion;
    // Built once a slot is free, so it uses what the batch knows by then (an answer format stepped down meanwhile).
    const params = typeof request === 'function' ? request() : request;
    const bytes = Buffer.byteLength(JSON.stringify(params));
    const parts = (params.messages[1]?.content as ChatCompletionContentPart[] | undefined) ?? [];
    const frames = Array.isArray(parts) ? parts.filter((p) => p.type === 'image_url').length : 0;
    const audio = Array.isArray(parts) ? parts.filter((p) => p.type === 'input_audio').length : 0;
    try {
      if (opts.signal.aborted) throw new CancelledError();
      const stop = opts.stopIf?.();
      if (stop) throw stop;
      opts.beforeSend?.({ attempt, bytes, frames, audio });
      // The timeout starts here, when the request leaves: time spent waiting for a slot is not counted.
      const sentAt = Date.now();
      completion = await client.chat.completions.create(params, {
        signal: opts.signal,
        timeout: timeoutS * 1000,
        maxRetries: 0,
      });
      opts.gate?.answered(ticket, Date.now() - sentAt);
    } catch (err) {
      ticket.release();
      if (err instanceof ProviderRequestError) throw err;
      if (
        opts.signal.aborted ||
        err instanceof CancelledError ||
        (err instanceof APIUserAbortError && opts.signal.aborted)
      )
        throw new CancelledError();
      if (err instanceof APIConnectionTimeoutError) {
        opts.gate?.congested(ticket);
        if (timeouts++ < 1) {
          opts.onRetry?.({ attempt, delayMs: 0, status: undefined, cause: 'timeout' });
          continue;
        }
        throw new ProviderRequestError(`no answer from ${host} within ${timeoutS} s (timed out twice)`, 'timeout');
      }
      if (err instanceof APIConnectionError) {
        throw new ProviderRequestError(`could not connect to ${host} (${redact(networkCause(err))})`, 'connection');
      }
      if (err instanceof APIError && err.status !== undefined) {
        const said = serverMessage(err);
        const feature = refusedFeature(err.status, said, params);
        if (feature) {
          throw new ProviderRequestError(
            `${host} does not accept ${FEATURE_WORDS[feature]} (HTTP ${err.status}): ${said}`,
            'unsupported',
            err.status,
            feature,
            said,
          );
        }
        if (isRetryableStatus(err.status) && statusRetries < backoff.maxRetries) {
          statusRetries++;
          if (err.status === 429) opts.gate?.congested(ticket);
          const delayMs = backoffDelayMs(statusRetries, retryAfterMs(err.headers), backoff);
          opts.onRetry?.({
            attempt,
            delayMs,
            status: err.status,
            cause: err.status === 429 ? 'rate_limited' : 'server_error',
          });
          await sleep(delayMs, opts.signal);
          continue;
        }
        const after = attempt > 1 ? ` after ${attempt} attempts` : '';
        throw new ProviderRequestError(
          describeHttpError(err, host) + after,
          err.status === 429 ? 'rate_limited' : 'http',
          err.status,
        );
      }
      throw new ProviderRequestError(
        `request to ${host} failed: ${redact((err as Error)?.message ?? String(err))}`,
        'http',
      );
    }
    ticket.release();
    const choice = completion.choices?.[0];
    return {
      text: choice?.message?.content ?? null,
      finishReason: choice?.finish_reason ?? null,
      refusal: choice?.message?.refusal ?? null,
      promptTokens: completion.usage?.prompt_tokens ?? null,
      completionTokens: completion.usage?.completion_tokens ?? null,
      raw: redact(JSON.stringify(completion)),
      bytes,
      httpAttempts: attempt,
    };
  }
}

const FEATURE_WORDS: Record<CapabilityRefusal['feature'], string> = {
  json_schema: 'a json_schema answer format',
  json_object: 'a json_object answer format',
  images: 'images',
  audio: 'audio',
  max_tokens: 'the max_tokens parameter',
  max_completion_tokens: 'the max_completion_tokens parameter',
};

/** The server's own message, redacted and on one line. */
function serverMessage(err: APIError): string {
  return redact(err.message)
    .replace(/\s+/g, ' ')
    .replace(/^\d{3} /, '')
    .slice(0, 300);
}
