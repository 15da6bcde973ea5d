/**
 * Sending one scoring request within a batch that adapts to the server. The batch shares one
 * answer format: when the server refuses part of it (json_schema, a token parameter), the format
 * steps down for every request of the batch and this request is sent again at once, and the
 * stored capabilities learn it. When the server cannot take images, the batch stops: that run
 * fails with the server's own words and no other frames are sent.
 */
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { CapabilityRefusal } from '../../../contract/scoring';
import { ProviderRequestError } from './errors';
import type { AdaptiveLimiter } from './limiter';
import { stepDown } from './negotiate';
import type { ProviderConfig } from './provider';
import { callModel, type CallOptions, type ModelReply, type RequestFormat } from './request';
import type { BackoffOptions } from './retry';

/** Shared by every run of a batch. */
export interface BatchConnection {
  provider: ProviderConfig;
  apiKey: string;
  gate: AdaptiveLimiter;
  backoff?: BackoffOptions;
  /** The answer format requests use now; a refusal changes it for the whole batch. */
  format: RequestFormat;
  /** Set once the server refused something scoring cannot do without; later runs send nothing. */
  stopped: ProviderRequestError | null;
  /** Called when the server refused something, with the format used from then on (null: none left). */
  learned(refusal: CapabilityRefusal, next: RequestFormat | null): void;
}

export interface SendHooks {
  signal: AbortSignal;
  beforeSend: NonNullable<CallOptions['beforeSend']>;
  onRetry: NonNullable<CallOptions['onRetry']>;
}

const sameFormat = (a: RequestFormat, b: RequestFormat) =>
  a.structuredOutput === b.structuredOutput && a.tokenParameter === b.tokenParameter;

/** The error later runs of a stopped batch fail with: the first one's reason, and that nothing was sent. */
export function notSent(stopped: ProviderRequestError): ProviderRequestError {
  return new ProviderRequestError(
    `not sent: ${stopped.message}`,
    stopped.kind,
    stopped.status,
    stopped.feature,
    stopped.serverSaid,
  );
}

export async function sendAdapting(
  batch: BatchConnection,
  build: (format: RequestFormat) => ChatCompletionCreateParamsNonStreaming,
  hooks: SendHooks,
): Promise<ModelReply> {
  const tried = new Set<string>([batch.format.tokenParameter]);
  for (;;) {
    if (batch.stopped) throw notSent(batch.stopped);
    let format = batch.format;
    const request = () => {
      format = batch.format;
      return build(format);
    };
    try {
      return await callModel(request, batch.provider, {
        apiKey: batch.apiKey,
        signal: hooks.signal,
        gate: batch.gate,
        beforeSend: hooks.beforeSend,
        onRetry: hooks.onRetry,
        // A run that waited for its slot while another found the server cannot do the job sends nothing.
        stopIf: () => (batch.stopped ? notSent(batch.stopped) : null),
        ...(batch.backoff ? { backoff: batch.backoff } : {}),
      });
    } catch (err) {
      if (!(err instanceof ProviderRequestError) || err.kind !== 'unsupported' || !err.feature || batch.stopped)
        throw err;
      const refusal: CapabilityRefusal = {
        feature: err.feature,
        status: err.status ?? null,
        message: err.serverSaid ?? err.message,
      };
      // Another run of the batch already stepped down from this format: just use the new one.
      if (!sameFormat(format, batch.format)) continue;
      const next = stepDown(format, err.feature, tried);
      if (next) {
        batch.format = next;
        tried.add(next.tokenParameter);
        batch.learned(refusal, next);
        continue;
      }
      if (err.feature === 'images') batch.stopped = err;
      batch.learned(refusal, null);
      throw err;
    }
  }
}
