/**
 * "Test connection" for the provider settings: says what works and what does not, in order: the
 * key, the model list, and what the server accepts (negotiate.ts: structured output, the token
 * parameter, images, audio) with a few tiny requests. What it finds is stored per base URL and
 * model, so scoring uses the best answer format the server takes. Nothing from a recording or a
 * rubric is sent, so no consent is needed; each request is still audited like any other.
 */
import { APIError } from 'openai';
import type { Db } from '../../../db/connection';
import type { ProviderCapabilities } from '../../../contract/scoring';
import { appendAudit } from '../../integrity/audit';
import { CancelledError } from '../../core/errors';
import { redact } from '../../core/log';
import { saveCapabilities } from './capabilities-store';
import { modelClient } from './model-client';
import { negotiateCapabilities } from './negotiate';
import { classifyHost, type HostLocation, type ProviderConfig } from './provider';
import { resolveApiKey, type SecretSource } from './secrets';

export interface ConnectionCheck {
  name: 'key' | 'models' | 'answer' | 'images' | 'audio';
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
  capabilities: ProviderCapabilities | null;
}

function audit(db: Db, actor: string, provider: ProviderConfig, what: string, bytes: number, frames: number): void {
  db.transaction(() =>
    appendAudit(db, {
      actor,
      action: 'model_connection_test',
      entity: 'provider',
      entityId: classifyHost(provider.baseUrl).origin,
      after: {
        host: classifyHost(provider.baseUrl).host,
        model: provider.model,
        request: what,
        frames,
        bytes,
        sent_at: new Date().toISOString(),
      },
    }),
  )();
}

const FORMAT_WORDS = {
  json_schema: 'a strict JSON schema (json_schema)',
  json_object: 'JSON mode (json_object) with the schema in the prompt',
  none: 'no answer format (the schema goes in the prompt)',
} as const;

/** Finds out and stores what the server takes; used by Test connection and before a new provider's first batch. */
export async function probeAndStore(
  db: Db,
  provider: ProviderConfig,
  apiKey: string,
  opts: { signal: AbortSignal; actor: string },
) {
  const found = await negotiateCapabilities(provider, {
    apiKey,
    signal: opts.signal,
    beforeSend: (what, bytes) =>
      audit(db, opts.actor, provider, `tiny answer (${what})`, bytes, what === 'image' ? 1 : 0),
  });
  if (found.capabilities) saveCapabilities(db, provider.baseUrl, provider.model, found.capabilities);
  return found;
}

export async function testConnection(
  db: Db,
  provider: ProviderConfig,
  secrets: SecretSource,
  opts: { signal: AbortSignal; actor: string },
): Promise<ConnectionReport> {
  const where = classifyHost(provider.baseUrl);
  const report: ConnectionReport = {
    ok: false,
    host: where.host,
    location: where.location,
    models: null,
    checks: [],
    capabilities: null,
  };
  let key: string;
  try {
    const k = await resolveApiKey(secrets, provider);
    key = k.key;
    report.checks.push({
      name: 'key',
      ok: true,
      detail: k.real ? `a key is set (${secrets.description})` : 'no key (a local server may not need one)',
    });
  } catch (err) {
    report.checks.push({ name: 'key', ok: false, detail: (err as Error).message });
    return report;
  }

  const client = modelClient({
    apiKey: key,
    baseURL: provider.baseUrl,
    timeoutMs: Math.min(provider.timeoutS, 30) * 1000,
  });
  try {
    audit(db, opts.actor, provider, 'list models', 0, 0);
    const ids: string[] = [];
    for await (const m of client.models.list({ signal: opts.signal })) ids.push(m.id);
    report.models = ids;
    const listed = ids.includes(provider.model);
    report.checks.push({
      name: 'models',
      ok: listed,
      detail: listed
        ? `${where.host} lists ${ids.length} model(s), including ${provider.model}`
        : `${where.host} does not list ${provider.model}; it lists: ${ids.slice(0, 20).join(', ') || 'nothing'}`,
    });
  } catch (err) {
    if (opts.signal.aborted) throw new CancelledError();
    const detail =
      err instanceof APIError && err.status !== undefined
        ? `HTTP ${err.status}: ${redact(err.message).slice(0, 200)}`
        : redact(((err as Error).cause as Error | undefined)?.message ?? (err as Error).message);
    report.checks.push({ name: 'models', ok: false, detail: `could not list models at ${where.host} (${detail})` });
  }

  let found;
  try {
    found = await probeAndStore(db, provider, key, opts);
  } catch (err) {
    if (err instanceof CancelledError || opts.signal.aborted) throw new CancelledError();
    throw err;
  }
  const caps = found.capabilities;
  report.capabilities = caps;
  if (!caps || !found.reply) {
    report.checks.push({ name: 'answer', ok: false, detail: redact(found.failure?.message ?? 'no answer') });
  } else {
    const parsed = /\{[\s\S]*"grey"[\s\S]*\}/.test(found.reply.text ?? '');
    const follow =
      caps.structuredOutput === 'json_schema' && caps.schemaFollowed === false
        ? ', but the answer did not follow it (scoring still checks every answer)'
        : '';
    report.checks.push({
      name: 'answer',
      ok: parsed,
      detail: parsed
        ? `${provider.model} answered with ${FORMAT_WORDS[caps.structuredOutput]}${follow}, using ${caps.tokenParameter} (${caps.requests} tiny request(s) in all)`
        : `${provider.model} answered, but not in the JSON format asked for (scoring still checks and retries): ${redact((found.reply.text ?? '').slice(0, 120))}`,
    });
    report.checks.push({
      name: 'images',
      ok: caps.images,
      detail: caps.images
        ? `${provider.model} takes images`
        : `${provider.model} at ${where.host} does not take images, which scoring needs. The server said: "${found.imageRefusal ?? 'no reason given'}"`,
    });
    report.checks.push({
      name: 'audio',
      // Scoring sends no audio today: a server without it is fine, so this never fails the test.
      ok: true,
      detail:
        caps.audio === true
          ? 'takes audio input'
          : caps.audio === false
            ? `no audio input (not needed for scoring): ${found.audioRefusal ?? ''}`.trim()
            : 'audio input not tested',
    });
  }
  report.ok = report.checks.every((c) => c.ok);
  return report;
}
