/**
 * Security review A11: a model request is never redirected. The openai client follows a 307 to
 * another origin and sends the whole body (the frames) again there; consent and the key are for
 * the configured endpoint only. Scoring requests, the capability tests and Test connection all go
 * through a fetch that refuses any redirect, naming where it pointed, and the other host receives
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTestDb, testProvider } from '../../../tests/support/scoring-fixtures';
import { testConnection } from './connection-test';
import { ProviderRequestError } from './errors';
import { callModel } from './request';
import { envSecretSource } from './secrets';

const seenFar: string[] = [];
let far: Server;
let near: Server;
let nearUrl: string;

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  far = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      seenFar.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? '-'} body=${bytes}B`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const farPort = await listen(far);
  // The configured endpoint answers every request with a redirect to another origin (another host name).
  near = createServer((req, res) => {
    res.writeHead(307, { location: `http://localhost:${farPort}${req.url}` });
    res.end();
  });
  nearUrl = `http://127.0.0.1:${await listen(near)}/v1`;
});
afterAll(() => {
  far.close();
  near.close();
});

describe('model requests are never redirected (security review A11)', () => {
  it('a scoring request with a frame is refused at the redirect, naming it; the other host receives nothing', async () => {
    const request = {
      model: 'm',
      messages: [
        { role: 'system' as const, content: 'rubric' },
        {
          role: 'user' as const,
          content: [
            { type: 'text' as const, text: 'frame at 1.0 s' },
            { type: 'image_url' as const, image_url: { url: 'data:image/jpeg;base64,' + 'A'.repeat(5000) } },
          ],
        },
      ],
    };
    const err = await callModel(request, testProvider(nearUrl), {
      apiKey: 'sk-test-redirect-0123456789',
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect((err as Error).message).toMatch(
      /answered with a redirect \(HTTP 307\) to localhost:\d+; model requests are never redirected/,
    );
    expect(seenFar).toEqual([]);
  });

  it('Test connection (model list and the tiny capability requests) follows no redirect either', async () => {
    const { db } = openTestDb();
    const report = await testConnection(
      db,
      testProvider(nearUrl),
      envSecretSource({ K: 'sk-test-redirect-0123456789' }, 'K'),
      { signal: new AbortController().signal, actor: 'test' },
    );
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'models')!.detail).toMatch(/redirect \(HTTP 307\) to localhost/);
    expect(seenFar).toEqual([]);
  });
});
