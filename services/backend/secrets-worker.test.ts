import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../../contract/define';
import type { ProgressEvent } from '../../contract/events';
import type { ModelProvider, ScoringBatchOutcome, ConnectionTestResult } from '../../contract/scoring';
import { createKeyVault } from '../../main/secrets';
import { simulatedKeychain } from '../../tests/bridge/simulated-keychain';
import { startFakeOpenAI, type FakeOpenAI } from '../../tests/support/fake-openai';
import { closeDatabase } from '../../db/connection';
import { makeTestRecording } from '../../tests/support/test-media';
import { dataFolders } from '../core/paths';
import { insertTestRecordings, openTestDb, tempDir } from '../../tests/support/scoring-fixtures';
import type { StoredSecret } from '../core/context';
import { BackendWorker } from './worker-client';

// The real worker thread, run from source: the key goes host → worker only when a batch needs it.
const WORKER = join(import.meta.dirname, '..', '..', 'tests', 'support', 'backend-worker-source.mjs');
const KEY = 'sk-roundtrip-ab12CD34ef56GH78ij90';

const value = <T>(e: Envelope<unknown>): T => {
  if (!e.ok) throw new Error(`${e.error.name}: ${e.error.message}`);
  return e.value as T;
};

const providerInput = (baseUrl: string, kind: 'api' | 'local' = 'api') => ({
  name: 'Test API',
  kind,
  baseUrl,
  model: 'fake-vision',
  framesPerRequest: 2,
  imageDetail: 'low',
  timeoutS: 20,
  concurrency: 2,
  temperature: 0,
  maxOutputTokens: 512,
  tokenParameter: kind === 'api' ? 'max_completion_tokens' : 'max_tokens',
  maskFaces: false,
});

describe('API keys between the host and the backend worker', () => {
  let fake: FakeOpenAI;
  let dbPath: string;
  let recordingIds: number[];
  const asked: { name: string; stored: StoredSecret | null }[] = [];
  const events: ProgressEvent[] = [];
  let worker: BackendWorker;
  const keychain = simulatedKeychain();
  const vault = createKeyVault(keychain, 'linux', () => worker);

  beforeAll(async () => {
    fake = await startFakeOpenAI({ models: ['fake-vision'] });
    const dir = tempDir('osce-secret-worker-');
    const video = await makeTestRecording(dir, 'mp4-no-audio', { durationS: 3 });
    const t = openTestDb(dir);
    dbPath = t.dbPath;
    recordingIds = insertTestRecordings(t.db, {
      count: 2,
      storedPath: video,
      durationS: 3,
      width: 320,
      height: 180,
    }).recordingIds;
    closeDatabase(t.db);
    worker = new BackendWorker(
      WORKER,
      { dbPath, appVersion: 'test' },
      (e, p) => e === 'progress' && events.push(p as ProgressEvent),
      {
        secretProvider: (name, stored, origin) => {
          asked.push({ name, stored });
          return vault.secretProvider(name, stored, origin);
        },
      },
    );
    await worker.ready;
    expect(worker.startupError).toBeNull();
  });

  afterAll(async () => {
    await worker?.stop();
    await fake?.close();
  });

  it('stores only ciphertext, hands the key over for a batch, and no file at rest holds it', async () => {
    const provider = value<ModelProvider>(await worker.call('saveModelProvider', [providerInput(fake.url)]));
    expect(provider.hasApiKey).toBe(false);
    const withKey = await vault.hostHandlers.setProviderApiKey([{ providerId: provider.id, apiKey: KEY }]);
    expect(withKey.hasApiKey).toBe(true);

    const outcome = value<ScoringBatchOutcome>(
      await worker.call('scoreRecordings', [
        'op-roundtrip-1',
        { providerId: provider.id, recordings: { recordingIds }, task: 'score', mode: 'full' },
      ]),
    );
    expect(outcome.results.map((r) => r.status)).toEqual(['done', 'done']);
    expect(outcome.tokens.prompt).toBeGreaterThan(0);

    // The worker asked for the provider's key, sending the ciphertext; the key itself reached the server.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]!.name).toBe(`provider:${provider.id}:api_key`);
    expect(Buffer.from(asked[0]!.stored!.ciphertext, 'base64').toString()).not.toContain(KEY);
    // Two recordings, after the two tiny requests that test a new provider before its first batch.
    expect(fake.chatRequests().filter((r) => r.imageCount > 1)).toHaveLength(2);
    expect(fake.chatRequests()).toHaveLength(4);
    for (const r of fake.chatRequests()) expect(r.authorization).toBe(`Bearer ${KEY}`);

    // Progress per recording (running, then done) and per batch (done of total).
    const mine = events.filter((e) => e.operationId === 'op-roundtrip-1');
    for (const id of recordingIds) {
      expect(mine.filter((e) => e.item?.id === id).map((e) => e.item!.status)).toEqual(['running', 'done']);
    }
    expect(mine.at(-1)).toMatchObject({ kind: 'scoreRecordings', done: 2, total: 2 });

    await worker.stop();
    const folders = dataFolders(dbPath);
    for (const file of [dbPath, `${dbPath}-wal`, folders.logFile]) {
      if (existsSync(file)) expect(readFileSync(file).includes(KEY), file).toBe(false);
    }
    worker = new BackendWorker(WORKER, { dbPath, appVersion: 'test' }, () => {}, {
      secretProvider: vault.secretProvider,
    });
    await worker.ready;
  });

  it('tells what works in a connection test, with the key decrypted by the host', async () => {
    const [provider] = value<ModelProvider[]>(await worker.call('listModelProviders', []));
    fake.script({ kind: 'text', text: '{"grey": true}' });
    const report = value<ConnectionTestResult>(
      await worker.call('testModelProvider', ['op-conn-test-1', provider!.id]),
    );
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['key', true],
      ['models', true],
      ['answer', true],
      ['images', true],
      ['audio', true],
    ]);
    expect(report.ok).toBe(true);
    expect(fake.requests.at(-1)!.authorization).toBe(`Bearer ${KEY}`);
    expect(report.checks[1]!.detail).toContain('including fake-vision');
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('refuses a key when the keychain is basic_text, until the user accepts it; then the key is used again only while accepted', async () => {
    const [provider] = value<ModelProvider[]>(await worker.call('listModelProviders', []));
    keychain.backend = 'basic_text';
    try {
      await expect(
        vault.hostHandlers.setProviderApiKey([{ providerId: provider!.id, apiKey: 'sk-other-key-123456789' }]),
      ).rejects.toMatchObject({
        name: 'PlainTextKeyStorageRefused',
      });
      value(await worker.call('updateSettings', [{ allowPlainTextKeyStorage: true }]));
      await vault.hostHandlers.setProviderApiKey([{ providerId: provider!.id, apiKey: KEY }]);
      value(await worker.call('updateSettings', [{ allowPlainTextKeyStorage: false }]));
      const report = value<ConnectionTestResult>(
        await worker.call('testModelProvider', ['op-conn-test-2', provider!.id]),
      );
      expect(report.checks[0]).toMatchObject({ name: 'key', ok: false });
      expect(report.checks[0]!.detail).toContain('No system keychain');
    } finally {
      keychain.backend = 'gnome_libsecret';
    }
  });

  it('a removed key is gone from the database and an API provider then fails with a named reason', async () => {
    const [provider] = value<ModelProvider[]>(await worker.call('listModelProviders', []));
    const after = await vault.hostHandlers.removeProviderApiKey([provider!.id]);
    expect(after.hasApiKey).toBe(false);
    const r = await worker.call('scoreRecordings', [
      'op-roundtrip-2',
      { providerId: provider!.id, recordings: { recordingIds }, task: 'score', mode: 'full', force: true },
    ]);
    expect(r).toMatchObject({ ok: false, error: { name: 'MissingApiKeyError' } });
  });
});
