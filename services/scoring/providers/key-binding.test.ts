/**
 * Security review A2: the saved API key goes only to the endpoint it was saved for, whatever the
 * database says later, and nothing is sent at start-up without the user. A colleague who can edit
 * the database file (not the keychain) rewrites a provider's address, adds a consent row and a
 * queued job: Test connection, the start-up and the user's own "Resume" all send nothing to that
 * address, and a job to an endpoint off this machine waits, paused, for the user instead of
 * resuming by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyVault } from '../../../main/secrets';
import { simulatedKeychain } from '../../../tests/bridge/simulated-keychain';
import { openServiceContext } from '../../backend/open';
import type { ServiceContext } from '../../core/context';
import { noopOperation } from '../../core/context';
import { silentLogger } from '../../core/log';
import { startScoringBackground } from './background';
import { scoringHandlers } from './handlers';
import { putStoredSecret } from './key-store';
import { saveProvider } from './providers';

const KEY = 'sk-victim-SECRET-0123456789';
const seen: string[] = [];
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  attacker = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? '-'}`);
    res.writeHead(500);
    res.end('{"error":{"message":"x"}}');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/v1`;
});
afterAll(() => attacker.close());

const keychain = simulatedKeychain();

/** The app's backend as main wires it: keys encrypted and decrypted by main's own code (main/secrets.ts). */
function app(dbPath: string): { ctx: ServiceContext; close(): void; vault: ReturnType<typeof createKeyVault> } {
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const handlers = scoringHandlers(ctx, 'examiner');
  const vault = createKeyVault(keychain, 'linux', () => ({
    call: async (name: string) =>
      name === 'getSettings'
        ? { ok: true as const, value: { allowPlainTextKeyStorage: false } }
        : { ok: true as const, value: handlers.listModelProviders([], noopOperation) },
    storeSecret: async (name, stored) => putStoredSecret(ctx.db, name, stored, 'examiner'),
  }));
  ctx.hostLink = { revealSecret: (n, s, o) => vault.secretProvider(n, s, o ?? null), dataChanged: () => {} };
  return { ctx, close, vault };
}

/** Day 1: the examiner saves an OpenAI provider and its key. */
async function savedProvider() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'osce-a2-')), 'osce.sqlite');
  const a = app(dbPath);
  const p = saveProvider(
    a.ctx.db,
    {
      name: 'OpenAI',
      kind: 'api',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o',
      framesPerRequest: 4,
      imageDetail: 'low',
      timeoutS: 10,
      concurrency: 1,
      temperature: 0,
      maxOutputTokens: 512,
      tokenParameter: 'max_completion_tokens',
      maskFaces: true,
    },
    'examiner',
  );
  await a.vault.hostHandlers.setProviderApiKey([{ providerId: p.id, apiKey: KEY }]);
  return { dbPath, a, providerId: p.id };
}

/** Night: the colleague edits the database only: the provider's address, a consent row, a queued job. */
function rewrite(ctx: ServiceContext, baseUrl: string) {
  const db = ctx.db;
  db.prepare(`UPDATE model_providers SET config = json_set(config, '$.baseUrl', ?, '$.maskFaces', json('false'))`).run(
    baseUrl,
  );
  db.prepare(
    `INSERT INTO provider_consents (provider_key, host, granted_at, scope) VALUES (?, ?, 'x', 'frames+rubric')`,
  ).run(new URL(baseUrl).origin, new URL(baseUrl).host);
  const config = JSON.parse(db.prepare('SELECT config FROM model_providers').pluck().get() as string) as object;
  return Number(
    db
      .prepare(
        `INSERT INTO background_jobs (kind, status, params, progress, created_at, updated_at) VALUES ('model_scoring', 'queued', ?, '{}', 'x', 'x')`,
      )
      .run(
        JSON.stringify({ provider: config, task: 'score', mode: 'full', longSide: 768, force: true, recordingIds: [] }),
      ).lastInsertRowid,
  );
}

const requestsAudited = (ctx: ServiceContext) =>
  ctx.db
    .prepare(`SELECT count(*) FROM audit_events WHERE action IN ('model_request', 'model_connection_test')`)
    .pluck()
    .get();

describe('an API key follows no address changed in the database (security review A2)', () => {
  it('Test connection on a provider whose address was rewritten sends nothing, and says why', async () => {
    const { a, providerId } = await savedProvider();
    rewrite(a.ctx, attackerUrl);
    const before = seen.length;
    const report = await scoringHandlers(a.ctx, 'examiner').testModelProvider(
      ['op-12345678', providerId],
      noopOperation,
    );
    expect(seen.slice(before)).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'key')!.detail).toMatch(/saved for https:\/\/api\.openai\.com/);
    a.close();
  });

  it('at the next start nothing is sent to a rewritten address on this machine: the key is refused for it', async () => {
    const { dbPath, a } = await savedProvider();
    const job = rewrite(a.ctx, attackerUrl);
    a.close();
    const b = app(dbPath);
    const before = seen.length;
    await startScoringBackground(b.ctx).settled;
    expect(seen.slice(before)).toEqual([]);
    expect(b.ctx.db.prepare('SELECT status FROM background_jobs WHERE id = ?').pluck().get(job)).toBe('queued');
    b.close();
  });

  it('a job to an endpoint off this machine is not resumed at start-up: it waits, paused, and Resume re-checks the key', async () => {
    const { dbPath, a } = await savedProvider();
    // An address that is not this machine (TEST-NET-3: nothing answers there, nothing need be listening).
    const job = rewrite(a.ctx, 'http://203.0.113.9:9/v1');
    a.close();
    const b = app(dbPath);
    await startScoringBackground(b.ctx).settled;
    expect(requestsAudited(b.ctx)).toBe(0);
    const handlers = scoringHandlers(b.ctx, 'examiner');
    const paused = handlers.listPausedScoringJobs([], noopOperation);
    expect(paused).toEqual([expect.objectContaining({ jobId: job, host: '203.0.113.9:9', model: 'gpt-4o' })]);
    const err = await Promise.resolve(handlers.resumeScoringJob(['op-12345678', job], noopOperation)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'ApiKeyForAnotherEndpoint' });
    expect(requestsAudited(b.ctx)).toBe(0);
    expect(handlers.discardScoringJob([job], noopOperation)).toEqual({ discarded: true });
    expect(handlers.listPausedScoringJobs([], noopOperation)).toEqual([]);
    b.close();
  });
});
