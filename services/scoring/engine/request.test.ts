import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { closedPortUrl, startFakeOpenAI, type FakeOpenAI } from '../../../tests/support/fake-openai';
import { CancelledError } from '../../core/errors';
import { buildAnswerSchema } from './answer-schema';
import { ProviderRequestError } from './errors';
import { loadPromptTemplate, renderPrompt } from './prompts';
import { ANSWER_SCHEMA_PREFIX, buildChatRequest, callModel, type RequestFormat } from './request';
import { FAST_BACKOFF, testProvider } from '../../../tests/support/scoring-fixtures';
import type { ScoringFrame } from './frame-source';
import { AdaptiveLimiter } from './limiter';

const aed = builtinRubric('aed')!;
const frames: ScoringFrame[] = [1.5, 4.5, 7.5, 10.5, 13.5].map((t, i) => ({
  timestampS: t,
  jpeg: Buffer.from([0xff, 0xd8, i, 0xff, 0xd9]),
}));
const template = loadPromptTemplate('score', 'full');

function request(baseUrl: string, overrides = {}, format: Partial<RequestFormat> = {}) {
  const provider = testProvider(baseUrl, overrides);
  const prompt = renderPrompt(template, {
    rubric: aed,
    steps: aed.steps,
    durationS: 50,
    frameTimesS: frames.map((f) => f.timestampS),
  });
  const f: RequestFormat = { structuredOutput: 'json_schema', tokenParameter: provider.tokenParameter, ...format };
  return {
    provider,
    params: buildChatRequest({ provider, prompt, frames, schema: buildAnswerSchema(aed.steps, 'score'), format: f }),
  };
}

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

describe('the chat request', () => {
  it('sends one image per frame, each after a text part with its time, the strict schema and the rubric text', async () => {
    const { provider, params } = request(server.url, { imageDetail: 'high', seed: 7, temperature: 0.2 });
    const sends: number[] = [];
    const reply = await callModel(params, provider, {
      apiKey: 'local-key-123',
      signal: new AbortController().signal,
      beforeSend: (i) => sends.push(i.frames),
    });
    expect(reply.finishReason).toBe('stop');
    expect(reply.promptTokens).toBe(100 + 85 * 5);
    expect(sends).toEqual([5]);
    const req = server.chatRequests().at(-1)!;
    expect(req.authorization).toBe('Bearer local-key-123');
    expect(req.model).toBe('fake-vision');
    expect(req.imageCount).toBe(frames.length);
    expect(req.imageUrlPrefixes.every((p) => p === 'data:image/jpeg;base64,')).toBe(true);
    expect(req.imageDetails).toEqual(Array(5).fill('high'));
    expect(req.imageBytes).toEqual(frames.map((f) => f.jpeg.length));
    // System prompt, user prompt, then label/image pairs, then the closing text.
    const user = (req.body.messages as { content: { type: string; text?: string }[] }[])[1]!.content;
    frames.forEach((f, i) => {
      expect(user[1 + 2 * i]).toEqual({ type: 'text', text: `Frame ${i + 1} of 5, at ${f.timestampS.toFixed(1)} s:` });
      expect(user[2 + 2 * i]!.type).toBe('image_url');
    });
    for (const step of aed.steps) expect(req.texts.join('\n')).toContain(step.criteria);
    const rf = req.responseFormat as {
      type: string;
      json_schema: { name: string; strict: boolean; schema: { required: string[]; properties: Record<string, any> } };
    };
    expect(rf.type).toBe('json_schema');
    expect(rf.json_schema.strict).toBe(true);
    expect(rf.json_schema.schema.required).toEqual(aed.steps.map((s) => s.id));
    for (const step of aed.steps)
      expect(rf.json_schema.schema.properties[step.id].properties.score.enum).toEqual(step.allowed_scores);
    expect(req.body).toMatchObject({ temperature: 0.2, seed: 7, max_tokens: provider.maxOutputTokens });
  });

  it('uses max_completion_tokens for the OpenAI API, which refuses max_tokens on newer models', () => {
    const { params } = request(server.url, { kind: 'api' });
    expect(params).toMatchObject({ max_completion_tokens: 4096 });
    expect(params).not.toHaveProperty('max_tokens');
  });

  it('without json_schema, asks for json_object (or nothing) and writes the schema into the prompt', () => {
    const schema = buildAnswerSchema(aed.steps, 'score');
    const object = request(server.url, {}, { structuredOutput: 'json_object' }).params;
    expect(object.response_format).toEqual({ type: 'json_object' });
    const parts = (object.messages[1]!.content as { type: string; text?: string }[]).filter((p) => p.type === 'text');
    expect(parts.at(-1)!.text).toBe(ANSWER_SCHEMA_PREFIX + JSON.stringify(schema.schema));
    const none = request(server.url, {}, { structuredOutput: 'none' }).params;
    expect(none).not.toHaveProperty('response_format');
    expect(JSON.stringify(none.messages)).toContain(ANSWER_SCHEMA_PREFIX);
  });
});

describe('provider failures', () => {
  it('waits for retry-after on 429 and then succeeds, auditing both attempts', async () => {
    server.script({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'valid' });
    const { provider, params } = request(server.url);
    const sends: number[] = [];
    const t0 = Date.now();
    const reply = await callModel(params, provider, {
      apiKey: 'k',
      signal: new AbortController().signal,
      backoff: FAST_BACKOFF,
      beforeSend: (i) => sends.push(i.attempt),
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(reply.httpAttempts).toBe(2);
    expect(sends).toEqual([1, 2]);
  });

  it("does not retry a server that cannot take images, and keeps the server's own words", async () => {
    server.setProfile({ noImages: true });
    try {
      const { provider, params } = request(server.url);
      const before = server.chatRequests().length;
      const err = await callModel(params, provider, {
        apiKey: 'k',
        signal: new AbortController().signal,
        backoff: FAST_BACKOFF,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(ProviderRequestError);
      expect(err).toMatchObject({ kind: 'unsupported', feature: 'images', status: 500 });
      expect(err.message).toContain(
        'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
      );
      expect(server.chatRequests().length - before).toBe(1);
    } finally {
      server.setProfile({});
    }
  });

  it('treats any other 4xx as final, with the server message', async () => {
    server.script({ kind: 'status', status: 422, message: 'temperature must be at most 1 for this model' });
    const { provider, params } = request(server.url);
    const before = server.chatRequests().length;
    const err = await callModel(params, provider, {
      apiKey: 'k',
      signal: new AbortController().signal,
      backoff: FAST_BACKOFF,
    }).catch((e) => e);
    expect(err.message).toMatch(/answered HTTP 422: temperature must be at most 1 for this model$/);
    expect(server.chatRequests().length - before).toBe(1);
  });

  it('retries 5xx with backoff, then fails naming the status', async () => {
    server.respondWith(() => ({ kind: 'status', status: 500 }));
    try {
      const { provider, params } = request(server.url);
      const before = server.chatRequests().length;
      const err = await callModel(params, provider, {
        apiKey: 'k',
        signal: new AbortController().signal,
        backoff: FAST_BACKOFF,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(ProviderRequestError);
      expect(err.message).toMatch(/answered HTTP 500: .* after 4 attempts/);
      expect(server.chatRequests().length - before).toBe(FAST_BACKOFF.maxRetries + 1);
    } finally {
      server.respondWith(null);
    }
  });

  it('does not retry a refused key, and the message never holds the key', async () => {
    server.script({ kind: 'status', status: 401, message: 'Incorrect API key provided: sk-abcdefghijklmnop' });
    const { provider, params } = request(server.url);
    const before = server.chatRequests().length;
    const err = await callModel(params, provider, {
      apiKey: 'sk-abcdefghijklmnop',
      signal: new AbortController().signal,
      backoff: FAST_BACKOFF,
    }).catch((e) => e);
    expect(err.message).toMatch(/refused the API key \(HTTP 401\)/);
    expect(err.message).not.toContain('sk-abcdefghijklmnop');
    expect(server.chatRequests().length - before).toBe(1);
  });

  it('retries a timed-out request once, then gives up', async () => {
    server.script({ kind: 'hang' }, { kind: 'hang' });
    const { provider, params } = request(server.url, { timeoutS: 0.5 });
    const before = server.chatRequests().length;
    const t0 = Date.now();
    const err = await callModel(params, provider, {
      apiKey: 'k',
      signal: new AbortController().signal,
      backoff: FAST_BACKOFF,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/no answer from 127\.0\.0\.1:\d+ within 0\.5 s \(timed out twice\)/);
    expect(server.chatRequests().length - before).toBe(2);
    expect(Date.now() - t0).toBeLessThan(3000);
    server.script({ kind: 'hang' }, { kind: 'valid' });
    const reply = await callModel(params, provider, {
      apiKey: 'k',
      signal: new AbortController().signal,
      backoff: FAST_BACKOFF,
    });
    expect(reply.httpAttempts).toBe(2);
  });

  it('starts the timeout when the request is sent, not while it waits for a slot', async () => {
    server.setLatency(300);
    try {
      const { provider, params } = request(server.url, { timeoutS: 0.5 });
      const gate = new AdaptiveLimiter({ max: 1, start: 1, latencySensitive: false });
      const signal = new AbortController().signal;
      // Three requests through one slot: the last waits 0.6 s, longer than the timeout, and still succeeds.
      const replies = await Promise.all(
        [1, 2, 3].map(() => callModel(params, provider, { apiKey: 'k', signal, gate, backoff: FAST_BACKOFF })),
      );
      expect(replies.map((r) => r.httpAttempts)).toEqual([1, 1, 1]);
    } finally {
      server.setLatency(0);
    }
  });

  it('names a refused connection', async () => {
    const { provider, params } = request(await closedPortUrl());
    const err = await callModel(params, provider, { apiKey: 'k', signal: new AbortController().signal }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err.kind).toBe('connection');
    expect(err.message).toMatch(/could not connect to 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('stops at once when cancelled, whether waiting for an answer or for a retry', async () => {
    server.script({ kind: 'hang' });
    const { provider, params } = request(server.url);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(callModel(params, provider, { apiKey: 'k', signal: ac.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
    server.script({ kind: 'status', status: 429, retryAfter: '30' });
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 200);
    const t0 = Date.now();
    await expect(
      callModel(params, provider, {
        apiKey: 'k',
        signal: ac2.signal,
        backoff: { ...FAST_BACKOFF, maxRetryAfterMs: 60_000 },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
