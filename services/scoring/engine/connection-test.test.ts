import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  NO_VISION_MESSAGE,
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeServerProfile,
} from '../../../tests/support/fake-openai';
import { getCapabilities } from './capabilities-store';
import { testConnection } from './connection-test';
import { envSecretSource, noSecret } from './secrets';
import { openTestDb, testProvider } from '../../../tests/support/scoring-fixtures';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ models: ['fake-vision', 'other-model'] });
});
afterAll(() => server.close());

const signal = () => new AbortController().signal;

async function negotiate(profile: FakeServerProfile, overrides = {}) {
  server.setProfile(profile);
  try {
    const { db } = openTestDb();
    const before = server.chatRequests().length;
    const secrets = envSecretSource({ LAB_KEY: 'sk-lab-test-key-123' }, 'LAB_KEY');
    const report = await testConnection(db, testProvider(server.url, overrides), secrets, {
      signal: signal(),
      actor: 'test',
    });
    const sent = server.chatRequests().slice(before);
    return { db, report, sent, caps: report.capabilities };
  } finally {
    server.setProfile({});
  }
}

describe('test connection', () => {
  it('reports the model list and what the server takes, in two tiny requests, and stores it', async () => {
    const { db, report, sent } = await negotiate({});
    expect(report.ok).toBe(true);
    expect(report.location).toBe('loopback');
    expect(report.models).toEqual(['fake-vision', 'other-model']);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['key', true],
      ['models', true],
      ['answer', true],
      ['images', true],
      ['audio', true],
    ]);
    expect(report.capabilities).toMatchObject({
      structuredOutput: 'json_schema',
      schemaFollowed: true,
      tokenParameter: 'max_tokens',
      images: true,
      audio: true,
      requests: 2,
    });
    expect(sent.map((r) => [r.imageCount, r.audioCount])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(getCapabilities(db, server.url, 'fake-vision')).toEqual(report.capabilities);
    expect(db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'model_connection_test'`).pluck().get()).toBe(
      3,
    );
  });

  it('steps down to no answer format on a server that rejects json_schema and json_object (older llama.cpp, Ollama)', async () => {
    const { caps, report } = await negotiate({ responseFormats: [] });
    expect(caps).toMatchObject({ structuredOutput: 'none', images: true });
    expect(caps!.refusals.map((r) => [r.feature, r.status])).toEqual([
      ['json_schema', 400],
      ['json_object', 400],
    ]);
    expect(caps!.refusals[0]!.message).toBe("'response_format.type' must be 'text'");
    expect(report.checks.find((c) => c.name === 'answer')!.detail).toMatch(/no answer format/);
  });

  it('settles on json_object on a server that accepts only json_object', async () => {
    const { caps, sent } = await negotiate({ responseFormats: ['json_object'] });
    expect(caps).toMatchObject({ structuredOutput: 'json_object', schemaFollowed: null });
    expect(sent.map((r) => (r.responseFormat as { type: string }).type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ]);
  });

  it('notices a model that accepts the schema but answers in prose', async () => {
    const { caps, report } = await negotiate({ ignoresSchema: true });
    expect(caps).toMatchObject({ structuredOutput: 'json_schema', schemaFollowed: false });
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'answer')!.detail).toMatch(/did not follow it/);
  });

  it("finds a server that cannot take images, in the server's own words, without retrying it", async () => {
    const { caps, report, sent } = await negotiate({ noImages: true });
    expect(caps).toMatchObject({ images: false, structuredOutput: 'json_schema' });
    expect(sent.filter((r) => r.imageCount > 0)).toHaveLength(1);
    expect(report.ok).toBe(false);
    const images = report.checks.find((c) => c.name === 'images')!;
    expect(images.ok).toBe(false);
    expect(images.detail).toContain(NO_VISION_MESSAGE);
  });

  it('switches to max_tokens on a server that knows only max_tokens, and finds a server without audio', async () => {
    const { caps, sent } = await negotiate({ tokenParameter: 'max_tokens', noAudio: true }, { kind: 'api' });
    expect(caps).toMatchObject({ tokenParameter: 'max_tokens', audio: false, images: true });
    expect(
      sent.slice(0, 2).map((r) => ('max_completion_tokens' in r.body ? 'max_completion_tokens' : 'max_tokens')),
    ).toEqual(['max_completion_tokens', 'max_tokens']);
    expect(caps!.refusals.map((r) => r.feature)).toEqual(['max_completion_tokens', 'audio']);
  });

  it('says which part fails: an unlisted model, an answer that is not JSON', async () => {
    const { db } = openTestDb();
    server.script({ kind: 'prose' });
    const r = await testConnection(db, testProvider(server.url, { model: 'missing-model' }), noSecret, {
      signal: signal(),
      actor: 'test',
    });
    expect(r.ok).toBe(false);
    expect(r.checks[1]).toMatchObject({ name: 'models', ok: false });
    expect(r.checks[1]!.detail).toMatch(/does not list missing-model; it lists: fake-vision, other-model/);
    expect(r.checks[2]!.detail).toMatch(/not in the JSON format/);
  });

  it('names a missing key and a refused connection, and stores nothing', async () => {
    const { db } = openTestDb();
    const noKey = await testConnection(db, testProvider(server.url, { kind: 'api' }), envSecretSource({}, 'LAB_KEY'), {
      signal: signal(),
      actor: 'test',
    });
    expect(noKey.checks).toEqual([{ name: 'key', ok: false, detail: expect.stringMatching(/LAB_KEY is not set/) }]);
    const url = await closedPortUrl();
    const refused = await testConnection(db, testProvider(url), noSecret, { signal: signal(), actor: 'test' });
    expect(refused.checks[1]!.detail).toMatch(/could not list models/);
    expect(refused.checks[2]!.detail).toMatch(/could not connect .*ECONNREFUSED/);
    expect(refused.capabilities).toBeNull();
    expect(getCapabilities(db, url, 'fake-vision')).toBeNull();
  });
});
