/**
 * One chat-completions request with frames, through the `openai` package: the format OpenAI,
 * Ollama, vLLM, LM Studio and llama.cpp's server all accept. Images go as data: URLs, each after a
 * text part giving its time, and the answer shape goes as a strict json_schema response format.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { CancelledError } from '../errors';
import { redact } from '../log';
import type { AnswerSchema } from './answer-schema';
import { ProviderRequestError } from './errors';
import type { ScoringFrame } from './frames';
import { frameLabel, type RenderedPrompt } from './prompts';
import { classifyHost, type ProviderConfig } from './provider';
import { backoffDelayMs, DEFAULT_BACKOFF, isRetryableStatus, retryAfterMs, sleep, type BackoffOptions } from './retry';

export interface ChatRequestInput {
  provider: ProviderConfig;
  prompt: RenderedPrompt;
  frames: readonly ScoringFrame[];
  schema: AnswerSchema;
  /** The stricter instruction of a second attempt, appended after everything else. */
  retryInstruction?: string;
}

/** Pure: the exact request body, so tests can check it without a server. */
export function buildChatRequest(input: ChatRequestInput): ChatCompletionCreateParamsNonStreaming {
  const { provider, prompt, frames } = input;
  const content: ChatCompletionContentPart[] = [{ type: 'text', text: prompt.user }];
  frames.forEach((f, i) => {
    content.push({ type: 'text', text: frameLabel(i, frames.length, f.timestampS) });
    content.push({ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${f.jpeg.toString('base64')}`, detail: provider.imageDetail } });
  });
  if (prompt.closing) content.push({ type: 'text', text: prompt.closing });
  // Same user message rather than a second one: several local chat templates reject two user turns in a row.
  if (input.retryInstruction) content.push({ type: 'text', text: input.retryInstruction });
  return {
    model: provider.model,
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content },
    ],
    temperature: provider.temperature,
    // OpenAI's newer models refuse max_tokens; many local servers know only max_tokens.
    ...(provider.kind === 'api' ? { max_completion_tokens: provider.maxOutputTokens } : { max_tokens: provider.maxOutputTokens }),
    ...(provider.seed !== undefined ? { seed: provider.seed } : {}),
    response_format: { type: 'json_schema', json_schema: { name: input.schema.name, strict: true, schema: input.schema.schema } },
  };
}

export interface SendInfo {
  /** 1 for the first HTTP attempt, 2+ for retries after 429/5xx. */
  attempt: number;
  bytes: number;
  frames: number;
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
  /** Called before every HTTP attempt (the audit trail records each one). Throwing stops the call. */
  beforeSend?(info: SendInfo): void;
  onRetry?(info: { attempt: number; delayMs: number; status: number | undefined }): void;
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
  const detail = redact(err.message).replace(/\s+/g, ' ').slice(0, 300);
  if (err.status === 401 || err.status === 403) return `${host} refused the API key (HTTP ${err.status}): ${detail}`;
  if (err.status === 404) return `${host} has no such model or endpoint (HTTP 404): ${detail}`;
  return `${host} answered HTTP ${err.status}: ${detail}`;
}

/**
 * Sends the request, retrying 429 and 5xx with backoff (honouring retry-after, capped). A
 * timeout, a refused connection or any other HTTP error fails at once with a named reason; a
 * cancel rejects with CancelledError and leaves nothing running.
 */
export async function callModel(params: ChatCompletionCreateParamsNonStreaming, provider: ProviderConfig, opts: CallOptions): Promise<ModelReply> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const host = classifyHost(provider.baseUrl).host;
  const client = new OpenAI({
    apiKey: opts.apiKey,
    baseURL: provider.baseUrl,
    maxRetries: 0,
    timeout: provider.timeoutS * 1000,
    // Never forward organisation or project ids from the environment to an arbitrary server.
    organization: null,
    project: null,
  });
  const body = JSON.stringify(params);
  const bytes = Buffer.byteLength(body);
  const frames = (params.messages[1]?.content as ChatCompletionContentPart[] | undefined)?.filter((p) => p.type === 'image_url').length ?? 0;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal.aborted) throw new CancelledError();
    opts.beforeSend?.({ attempt, bytes, frames });
    let completion: ChatCompletion;
    try {
      completion = await client.chat.completions.create(params, { signal: opts.signal, timeout: provider.timeoutS * 1000, maxRetries: 0 });
    } catch (err) {
      if (opts.signal.aborted || (err instanceof APIUserAbortError && opts.signal.aborted)) throw new CancelledError();
      if (err instanceof APIConnectionTimeoutError) {
        throw new ProviderRequestError(`no answer from ${host} within ${provider.timeoutS} s (timeout)`, 'timeout');
      }
      if (err instanceof APIConnectionError) {
        throw new ProviderRequestError(`could not connect to ${host} (${redact(networkCause(err))})`, 'connection');
      }
      if (err instanceof APIError && err.status !== undefined) {
        if (isRetryableStatus(err.status) && attempt <= backoff.maxRetries) {
          const delayMs = backoffDelayMs(attempt, retryAfterMs(err.headers), backoff);
          opts.onRetry?.({ attempt, delayMs, status: err.status });
          await sleep(delayMs, opts.signal);
          continue;
        }
        const after = attempt > 1 ? ` after ${attempt} attempts` : '';
        throw new ProviderRequestError(describeHttpError(err, host) + after, err.status === 429 ? 'rate_limited' : 'http', err.status);
      }
      throw new ProviderRequestError(`request to ${host} failed: ${redact((err as Error)?.message ?? String(err))}`, 'http');
    }
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
