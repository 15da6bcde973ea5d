import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ProviderInput } from '../../../contract/scoring';
import type { ModelProvider, ScoringPreview } from '../../../contract/scoring';
import { startFakeOpenAI, type FakeOpenAI } from '../../../tests/support/fake-openai';
import { Dispatcher } from '../../backend/dispatcher';
import { createBackendHandlers } from '../../backend/handlers';
import { openServiceContext } from '../../backend/open';
import type { HostLink, ServiceContext } from '../../core/context';
import { silentLogger } from '../../core/log';
import { makeTestRecording } from '../../../tests/support/test-media';
import { loadPromptTemplate, parseProviderConfig, ProviderConfigSchema } from '../engine';
import { planBatch } from '../engine/plan';
import { insertTestRecordings, tempDir } from '../../../tests/support/scoring-fixtures';
import { startScoringBackground } from './background';
import { putStoredSecret } from './key-store';

const REMOTE = 'http://lab-gpu.invalid:8000/v1';
const KEY = 'sk-resume-test-0123456789abcdef';

function setup() {
  const { ctx, close } = openServiceContext({
    dbPath: join(tempDir('osce-model-scoring-'), 'osce.sqlite'),
    appVersion: 'test',
    logger: silentLogger,
  });
  const d = new Dispatcher(createBackendHandlers(ctx), () => {}, silentLogger);
  const call = async <T>(name: string, ...args: unknown[]): Promise<T> => {
    const r = await d.call(name, args);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name, issues: r.error.issues });
    return r.value as T;
  };
  return { ctx, close, d, call };
}

const form = (baseUrl: string, over: Record<string, unknown> = {}) => ({
  name: 'Lab GPU',
  kind: 'local',
  baseUrl,
  model: 'fake-vision',
  framesPerRequest: 4,
  imageDetail: 'low',
  timeoutS: 30,
  concurrency: 2,
  temperature: 0,
  maxOutputTokens: 1024,
  tokenParameter: 'max_tokens',
  maskFaces: false,
  ...over,
});

const count = (ctx: ServiceContext, sql: string) => ctx.db.prepare(sql).pluck().get() as number;

describe('consent before frames leave this machine', () => {
  it('shows what would be sent, refuses a batch without consent by name, and remembers the consent', async () => {
    const { ctx, close, d, call } = setup();
    const { recordingIds } = insertTestRecordings(ctx.db, { count: 2 });
    const provider = await call<ModelProvider>('saveModelProvider', form(REMOTE));
    expect(provider).toMatchObject({ location: 'remote', consentGiven: false, host: 'lab-gpu.invalid:8000' });
    const request = { providerId: provider.id, recordings: { recordingIds }, task: 'score', mode: 'full' };

    const preview = await call<ScoringPreview>('previewScoring', request);
    expect(preview.needsConsent).toBe(true);
    expect(preview.disclosure).toContain('4 still frames of each recording');
    expect(preview.disclosure).toContain("station's rubric text to lab-gpu.invalid:8000");
    expect(preview.disclosure).toContain('No candidate names');
    expect(preview.estimate).toMatchObject({ recordings: 2, requests: 2, frames: 8 });

    const refused = await d.call('scoreRecordings', ['op-consent-1', request]);
    expect(refused).toMatchObject({ ok: false, error: { name: 'ConsentRequiredError' } });
    expect(count(ctx, 'SELECT count(*) FROM model_runs')).toBe(0);
    expect(count(ctx, 'SELECT count(*) FROM background_jobs')).toBe(0);

    const agreed = await call<ModelProvider>('grantProviderConsent', provider.id);
    expect(agreed.consentGiven).toBe(true);
    expect(count(ctx, `SELECT count(*) FROM audit_events WHERE action = 'consent'`)).toBe(1);
    expect((await call<ScoringPreview>('previewScoring', request)).needsConsent).toBe(false);
    close();
  });

  it('asks nothing for a server on this machine, and scores a whole station or session', async () => {
    const { ctx, close, call } = setup();
    const a = insertTestRecordings(ctx.db, { count: 3 });
    insertTestRecordings(ctx.db, { count: 1 });
    const provider = await call<ModelProvider>('saveModelProvider', form('http://127.0.0.1:11434/v1'));
    expect(provider).toMatchObject({ location: 'loopback', consentGiven: true });
    const bySession = await call<ScoringPreview>('previewScoring', {
      providerId: provider.id,
      recordings: { sessionId: a.sessionId },
      task: 'binary',
      mode: 'full',
    });
    expect(bySession).toMatchObject({ needsConsent: false, disclosure: null });
    expect(bySession.recordings.map((r) => r.id)).toEqual(a.recordingIds);
    expect(bySession.recordings[0]!.label).toMatch(/^candidate-0\.mp4 · station S\d+$/);
    const byStation = await call<ScoringPreview>('previewScoring', {
      providerId: provider.id,
      recordings: { stationId: a.stationId },
      task: 'score',
      mode: 'full',
      framesPerRequest: 2,
    });
    expect(byStation.estimate.frames).toBe(6);
    await expect(
      call('previewScoring', { providerId: provider.id, recordings: { stationId: 999 }, task: 'score', mode: 'full' }),
    ).rejects.toMatchObject({ name: 'NotFound' });
    close();
  });
});

describe('provider settings', () => {
  it('names the bad field, refuses a duplicate name, and drops a key when the endpoint changes', async () => {
    const { ctx, close, call } = setup();
    await expect(call('saveModelProvider', form('ftp://nowhere'))).rejects.toMatchObject({
      name: 'InvalidArguments',
      issues: [{ path: 'baseUrl' }],
    });
    await expect(
      call('saveModelProvider', form('http://127.0.0.1:1/v1', { framesPerRequest: 0 })),
    ).rejects.toMatchObject({
      name: 'InvalidArguments',
      issues: [{ path: 'framesPerRequest', message: 'frames per request must be at least 1' }],
    });
    const p = await call<ModelProvider>(
      'saveModelProvider',
      form('http://127.0.0.1:1/v1', { kind: 'api', name: 'OpenAI' }),
    );
    await expect(call('saveModelProvider', form('http://127.0.0.1:2/v1', { name: 'OpenAI' }))).rejects.toMatchObject({
      name: 'DuplicateProvider',
    });
    putStoredSecret(
      ctx.db,
      `provider:${p.id}:api_key`,
      { ciphertext: Buffer.from('opaque').toString('base64'), backend: 'gnome_libsecret' },
      'test',
    );
    const sameHost = await call<ModelProvider>('saveModelProvider', {
      ...form('http://127.0.0.1:1/v1', { kind: 'api', name: 'OpenAI', model: 'other' }),
      id: p.id,
    });
    expect(sameHost.hasApiKey).toBe(true);
    const moved = await call<ModelProvider>('saveModelProvider', {
      ...form('http://127.0.0.1:9/v1', { kind: 'api', name: 'OpenAI' }),
      id: p.id,
    });
    expect(moved.hasApiKey).toBe(false);
    expect(() => putStoredSecret(ctx.db, 'provider:999:api_key', { ciphertext: 'AA==', backend: 'x' }, 'test')).toThrow(
      /Model provider 999/,
    );
    expect(() => putStoredSecret(ctx.db, 'other-secret', { ciphertext: 'AA==', backend: 'x' }, 'test')).toThrow(
      /Secret slot/,
    );
    expect(await call('deleteModelProvider', p.id)).toEqual({ deleted: true });
    expect(count(ctx, 'SELECT count(*) FROM secrets')).toBe(0);
    close();
  });

  it("the contract's form fields are the scoring service's provider settings", () => {
    const contractFields = Object.keys(ProviderInput.shape)
      .filter((k) => k !== 'id' && k !== 'name')
      .sort();
    expect(contractFields).toEqual(Object.keys(ProviderConfigSchema.shape).sort());
  });
});

describe('at start-up', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it('resumes a job a killed process left, with the key the host decrypts, without duplicate runs', async () => {
    const { ctx, close, call } = setup();
    const video = await makeTestRecording(tempDir('osce-resume-video-'), 'mp4-no-audio', { durationS: 2 });
    const { recordingIds } = insertTestRecordings(ctx.db, {
      count: 2,
      storedPath: video,
      durationS: 2,
      width: 320,
      height: 180,
    });
    const p = await call<ModelProvider>('saveModelProvider', form(fake.url, { kind: 'api', framesPerRequest: 2 }));
    putStoredSecret(
      ctx.db,
      `provider:${p.id}:api_key`,
      { ciphertext: Buffer.from('cipher').toString('base64'), backend: 'gnome_libsecret' },
      'test',
    );
    const asked: string[] = [];
    const changed: string[] = [];
    const link: HostLink = {
      revealSecret: async (name, stored) => (
        asked.push(name),
        stored && Buffer.from(stored.ciphertext, 'base64').toString() === 'cipher' ? KEY : null
      ),
      dataChanged: (what) => changed.push(what),
    };
    ctx.hostLink = link;
    const config = (await call<ModelProvider[]>('listModelProviders'))[0]!;
    const {
      id: _id,
      name: _name,
      hasApiKey: _k,
      host: _h,
      location: _l,
      consentGiven: _c,
      updatedAt: _u,
      seed: _s,
      preset: _p,
      capabilities: _caps,
      ...settings
    } = config;
    const plan = planBatch(
      ctx.db,
      {
        provider: parseProviderConfig(settings),
        task: 'score',
        mode: 'full',
        longSide: 768,
        force: false,
        recordingIds,
      },
      loadPromptTemplate('score', 'full'),
      'test',
    );
    ctx.db
      .prepare(`UPDATE background_jobs SET progress = json_set(progress, '$.worker', 'gone-host:1') WHERE id = ?`)
      .run(plan.jobId);

    await startScoringBackground(ctx).settled;
    expect(asked).toEqual([`provider:${p.id}:api_key`]);
    expect(fake.chatRequests().filter((r) => r.imageCount > 1)).toHaveLength(2);
    expect(new Set(fake.chatRequests().map((r) => r.authorization))).toEqual(new Set([`Bearer ${KEY}`]));
    expect(ctx.db.prepare('SELECT status FROM model_runs ORDER BY id').pluck().all()).toEqual(['done', 'done']);
    expect(ctx.db.prepare('SELECT status FROM background_jobs WHERE id = ?').pluck().get(plan.jobId)).toBe('done');
    expect(changed).toContain('runs');
    close();
  });
});
