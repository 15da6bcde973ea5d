/**
 * "Test connection" for the provider settings: says what works and what does not, in order: the
 * key, the model list, and one tiny request with a synthetic grey image and the JSON answer format.
 * Nothing from a recording or a rubric is sent, so no consent is needed; each request is still
 * audited like any other outbound request.
 */
import OpenAI, { APIError } from 'openai';
import type { Db } from '../../db/connection';
import { appendAudit } from '../audit';
import { CancelledError } from '../errors';
import { redact } from '../log';
import { classifyHost, type HostLocation, type ProviderConfig } from './provider';
import { callModel } from './request';
import { resolveApiKey, type SecretSource } from './secrets';

/** A 16×16 grey JPEG: enough to learn whether the model takes images at all. */
const GREY_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgQEBMQExYWFhYWFhoYGhsbGxoaGhobGxsdHR0iIiIdHR0bGx0dICAiIiUmJSMjIiMmJigoKDAwLi44ODpFRVP/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEAAQAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==';

export interface ConnectionCheck {
  name: 'key' | 'models' | 'answer';
  ok: boolean;
  detail: string;
}

export interface ConnectionReport {
  ok: boolean;
  host: string;
  location: HostLocation;
  /** Model ids the server lists, or null when it has no list. */
  models: string[] | null;
  checks: ConnectionCheck[];
}

function audit(db: Db, actor: string, provider: ProviderConfig, what: string, bytes: number, frames: number): void {
  db.transaction(() =>
    appendAudit(db, {
      actor, action: 'model_connection_test', entity: 'provider', entityId: classifyHost(provider.baseUrl).origin,
      after: { host: classifyHost(provider.baseUrl).host, model: provider.model, request: what, frames, bytes, sent_at: new Date().toISOString() },
    }),
  )();
}

export async function testConnection(
  db: Db,
  provider: ProviderConfig,
  secrets: SecretSource,
  opts: { signal: AbortSignal; actor: string },
): Promise<ConnectionReport> {
  const where = classifyHost(provider.baseUrl);
  const report: ConnectionReport = { ok: false, host: where.host, location: where.location, models: null, checks: [] };
  let key: string;
  try {
    const k = await resolveApiKey(secrets, provider);
    key = k.key;
    report.checks.push({ name: 'key', ok: true, detail: k.real ? `a key is set (${secrets.description})` : 'no key (a local server may not need one)' });
  } catch (err) {
    report.checks.push({ name: 'key', ok: false, detail: (err as Error).message });
    return report;
  }

  const client = new OpenAI({ apiKey: key, baseURL: provider.baseUrl, maxRetries: 0, timeout: Math.min(provider.timeoutS, 30) * 1000, organization: null, project: null });
  try {
    audit(db, opts.actor, provider, 'list models', 0, 0);
    const ids: string[] = [];
    for await (const m of client.models.list({ signal: opts.signal })) ids.push(m.id);
    report.models = ids;
    const listed = ids.includes(provider.model);
    report.checks.push({
      name: 'models',
      ok: listed,
      detail: listed ? `${where.host} lists ${ids.length} model(s), including ${provider.model}` : `${where.host} does not list ${provider.model}; it lists: ${ids.slice(0, 20).join(', ') || 'nothing'}`,
    });
  } catch (err) {
    if (opts.signal.aborted) throw new CancelledError();
    const detail = err instanceof APIError && err.status !== undefined ? `HTTP ${err.status}: ${redact(err.message).slice(0, 200)}` : redact((err as Error).message);
    report.checks.push({ name: 'models', ok: false, detail: `could not list models at ${where.host} (${detail})` });
  }

  try {
    const reply = await callModel(
      {
        model: provider.model,
        messages: [
          { role: 'system', content: 'Answer with a JSON object only.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Is this small image a plain grey square? Answer {"grey": true} or {"grey": false}.' },
              { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${GREY_JPEG_BASE64}`, detail: 'low' } },
            ],
          },
        ],
        temperature: 0,
        ...(provider.kind === 'api' ? { max_completion_tokens: 64 } : { max_tokens: 64 }),
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'connection_test', strict: true, schema: { type: 'object', properties: { grey: { type: 'boolean' } }, required: ['grey'], additionalProperties: false } },
        },
      },
      provider,
      { apiKey: key, signal: opts.signal, beforeSend: (i) => audit(db, opts.actor, provider, 'tiny answer', i.bytes, 1) },
    );
    let json = false;
    try {
      json = typeof (JSON.parse(reply.text ?? '') as { grey?: unknown }).grey === 'boolean';
    } catch {
      json = false;
    }
    report.checks.push({
      name: 'answer',
      ok: json,
      detail: json
        ? `${provider.model} answered a request with an image in the JSON format (${reply.promptTokens ?? '?'} input tokens)`
        : `${provider.model} answered, but not in the JSON format asked for (scoring still checks and retries): ${redact((reply.text ?? '').slice(0, 120))}`,
    });
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    report.checks.push({ name: 'answer', ok: false, detail: redact((err as Error).message) });
  }
  report.ok = report.checks.every((c) => c.ok);
  return report;
}
