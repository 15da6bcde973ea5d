import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, startFakeOpenAI, type FakeOpenAI } from '../../tests/support/fake-openai';
import { testConnection } from './connection-test';
import { envSecretSource, noSecret } from './secrets';
import { openTestDb, testProvider } from './test-fixtures';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ models: ['fake-vision', 'other-model'] });
});
afterAll(() => server.close());

const signal = () => new AbortController().signal;

describe('test connection', () => {
  it('reports the model list and a tiny image request answered in JSON', async () => {
    const { db } = openTestDb();
    server.script({ kind: 'text', text: '{"grey": true}' });
    const r = await testConnection(db, testProvider(server.url), noSecret, { signal: signal(), actor: 'test' });
    expect(r.ok).toBe(true);
    expect(r.location).toBe('loopback');
    expect(r.models).toEqual(['fake-vision', 'other-model']);
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([['key', true], ['models', true], ['answer', true]]);
    const req = server.chatRequests().at(-1)!;
    expect(req.imageCount).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'model_connection_test'`).pluck().get()).toBe(2);
  });

  it('says which part fails: an unlisted model, an answer that is not JSON', async () => {
    const { db } = openTestDb();
    server.script({ kind: 'prose' });
    const r = await testConnection(db, testProvider(server.url, { model: 'missing-model' }), noSecret, { signal: signal(), actor: 'test' });
    expect(r.ok).toBe(false);
    expect(r.checks[1]).toMatchObject({ name: 'models', ok: false });
    expect(r.checks[1]!.detail).toMatch(/does not list missing-model; it lists: fake-vision, other-model/);
    expect(r.checks[2]!.detail).toMatch(/not in the JSON format/);
  });

  it('names a missing key and a refused connection', async () => {
    const { db } = openTestDb();
    const noKey = await testConnection(db, testProvider(server.url, { kind: 'api' }), envSecretSource({}, 'LAB_KEY'), { signal: signal(), actor: 'test' });
    expect(noKey.checks).toEqual([{ name: 'key', ok: false, detail: expect.stringMatching(/LAB_KEY is not set/) }]);
    const refused = await testConnection(db, testProvider(await closedPortUrl()), noSecret, { signal: signal(), actor: 'test' });
    expect(refused.checks[1]!.detail).toMatch(/could not list models/);
    expect(refused.checks[2]!.detail).toMatch(/could not connect .*ECONNREFUSED/);
  });
});
