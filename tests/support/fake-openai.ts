// TEST-ONLY: a local OpenAI-compatible server (POST /v1/chat/completions, GET /v1/models) on
// 127.0.0.1 with a random port, scriptable per request. Used by the scoring tests, the CLI tests
// and the benchmark (50 recordings, 1 s latency, concurrency 8), so it keeps only a summary of
// each request (texts, schema, image count and sizes), never the base64 images themselves.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeBehaviour =
  /** A schema-conforming answer built from the request's response_format. */
  | { kind: 'valid'; pick?: 'max' | 'min'; correct?: boolean }
  /** The valid answer as a sentence of prose with no JSON at all. */
  | { kind: 'prose' }
  /** The valid answer inside ```json fences with a sentence before it. */
  | { kind: 'fenced' }
  /** The valid answer without its first step. */
  | { kind: 'missing-step' }
  /** The valid answer with an extra step the rubric does not have. */
  | { kind: 'unknown-step' }
  /** The first step's score set to a value outside its enum (max + 1), or a string for binary. */
  | { kind: 'out-of-range' }
  /** Half of the valid answer, finish_reason "length". */
  | { kind: 'length' }
  /** Any content and finish reason. */
  | { kind: 'text'; text: string; finishReason?: string }
  /** An HTTP error; retryAfter goes in the retry-after header (seconds). */
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** Never answers (until the client gives up or the server closes). */
  | { kind: 'hang' };

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  authorization: string | undefined;
  model: string | undefined;
  /** Every text part (system prompt first) in order. */
  texts: string[];
  imageCount: number;
  imageBytes: number[];
  imageDetails: (string | undefined)[];
  /** All image URLs start with this (checked per image: 'data:image/jpeg;base64,'). */
  imageUrlPrefixes: string[];
  responseFormat: unknown;
  body: Record<string, unknown>;
  behaviour: FakeBehaviour['kind'] | 'models' | 'not-found';
}

export interface FakeOpenAIOptions {
  /** Delay before each answer (ms). */
  latencyMs?: number;
  models?: string[];
  /** Behaviour when the script is empty. */
  defaultBehaviour?: FakeBehaviour;
}

export interface FakeOpenAI {
  /** Base URL including /v1, as the openai client expects. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue behaviours for the next chat requests, in order. */
  script(...b: FakeBehaviour[]): void;
  /** Decide per request (overrides the script while set). */
  respondWith(fn: ((req: RecordedRequest, n: number) => FakeBehaviour) | null): void;
  setLatency(ms: number): void;
  /** Most chat requests that were in progress at the same time. */
  maxInFlight(): number;
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

type SchemaNode = { properties?: Record<string, SchemaNode>; enum?: unknown[]; type?: string };

/** A valid answer for the response_format schema the client sent. */
export function answerFor(req: RecordedRequest, b: { pick?: 'max' | 'min'; correct?: boolean } = {}): Record<string, unknown> {
  const schema = (req.responseFormat as { json_schema?: { schema?: SchemaNode } } | undefined)?.json_schema?.schema;
  const times = req.texts.flatMap((t) => [...t.matchAll(/at (\d+(?:\.\d+)?) s:/g)].map((m) => Number(m[1])));
  const out: Record<string, unknown> = {};
  for (const [stepId, node] of Object.entries(schema?.properties ?? {})) {
    const props = node.properties ?? {};
    const entry: Record<string, unknown> = {};
    if (props.score?.enum) {
      const e = props.score.enum as number[];
      entry.score = b.pick === 'min' ? e[0] : e[e.length - 1];
    }
    if (props.correct) entry.correct = b.correct ?? true;
    entry.rationale = `Visible in the frames for ${stepId}.`;
    entry.evidence_s = times.length ? [times[0]] : [];
    out[stepId] = entry;
  }
  return out;
}

function content(req: RecordedRequest, b: FakeBehaviour): { text: string; finish: string } {
  const valid = answerFor(req, b.kind === 'valid' ? b : {});
  const ids = Object.keys(valid);
  switch (b.kind) {
    case 'valid':
      return { text: JSON.stringify(valid), finish: 'stop' };
    case 'prose':
      return { text: 'The candidate performed most steps well, although hand position could be improved.', finish: 'stop' };
    case 'fenced':
      return { text: 'Here is my assessment:\n```json\n' + JSON.stringify(valid, null, 2) + '\n```\nLet me know if you need more.', finish: 'stop' };
    case 'missing-step': {
      const { [ids[0]!]: _dropped, ...rest } = valid;
      return { text: JSON.stringify(rest), finish: 'stop' };
    }
    case 'unknown-step':
      return { text: JSON.stringify({ ...valid, 'made.up_step': { score: 1, correct: true, rationale: 'x', evidence_s: [] } }), finish: 'stop' };
    case 'out-of-range': {
      const first = valid[ids[0]!] as Record<string, unknown>;
      if ('score' in first) {
        const e = ((req.responseFormat as { json_schema: { schema: SchemaNode } }).json_schema.schema.properties![ids[0]!]!.properties!.score!.enum ?? [0]) as number[];
        first.score = Math.max(...e) + 1;
      } else first.correct = 'yes';
      return { text: JSON.stringify(valid), finish: 'stop' };
    }
    case 'length': {
      const full = JSON.stringify(valid);
      return { text: full.slice(0, Math.floor(full.length / 2)), finish: 'length' };
    }
    case 'text':
      return { text: b.text, finish: b.finishReason ?? 'stop' };
    default:
      return { text: '', finish: 'stop' };
  }
}

function summarise(method: string, path: string, headers: IncomingMessage['headers'], body: Record<string, unknown>): RecordedRequest {
  const texts: string[] = [];
  const imageBytes: number[] = [];
  const imageDetails: (string | undefined)[] = [];
  const imageUrlPrefixes: string[] = [];
  const messages = Array.isArray(body.messages) ? (body.messages as { content: unknown }[]) : [];
  for (const m of messages) {
    if (typeof m.content === 'string') texts.push(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content as { type: string; text?: string; image_url?: { url: string; detail?: string } }[]) {
        if (part.type === 'text') texts.push(part.text ?? '');
        if (part.type === 'image_url' && part.image_url) {
          const url = part.image_url.url;
          const comma = url.indexOf(',');
          // Copied, not sliced: V8 keeps a short slice of a long string pointing into the whole
          // string, so a sliced prefix would keep every base64 image of a benchmark batch alive.
          const prefix = Buffer.from(url.slice(0, comma + 1)).toString();
          imageUrlPrefixes.push(prefix);
          imageBytes.push(Buffer.byteLength(url.slice(comma + 1), 'base64'));
          imageDetails.push(part.image_url.detail === undefined ? undefined : Buffer.from(part.image_url.detail).toString());
          part.image_url.url = prefix + '…';
        }
      }
    }
  }
  return {
    at: Date.now(), method, path, authorization: headers.authorization, model: typeof body.model === 'string' ? body.model : undefined,
    texts, imageCount: imageBytes.length, imageBytes, imageDetails, imageUrlPrefixes, responseFormat: body.response_format, body, behaviour: 'valid',
  };
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let latencyMs = opts.latencyMs ?? 0;
  const queue: FakeBehaviour[] = [];
  let decide: ((req: RecordedRequest, n: number) => FakeBehaviour) | null = null;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let chatCount = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      if (req.method === 'GET' && path === '/v1/models') {
        requests.push({ ...summarise('GET', path, req.headers, {}), behaviour: 'models' });
        send(res, 200, { object: 'list', data: (opts.models ?? ['fake-vision']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        requests.push({ ...summarise(req.method ?? '', path, req.headers, {}), behaviour: 'not-found' });
        send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        return;
      }
      chunks.length = 0;
      const recorded = summarise('POST', path, req.headers, body);
      const n = chatCount++;
      const behaviour = decide ? decide(recorded, n) : (queue.shift() ?? opts.defaultBehaviour ?? { kind: 'valid' });
      recorded.behaviour = behaviour.kind;
      requests.push(recorded);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let finished = false;
      const finish = () => {
        if (!finished) {
          finished = true;
          inFlight--;
        }
      };
      res.on('close', finish);
      if (behaviour.kind === 'hang') return;
      setTimeout(() => {
        if (behaviour.kind === 'status') {
          send(res, behaviour.status, { error: { message: behaviour.message ?? `fake status ${behaviour.status}`, type: 'server_error' } },
            behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {});
          return;
        }
        const c = content(recorded, behaviour);
        send(res, 200, {
          id: `chatcmpl-fake-${n}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: recorded.model ?? 'fake-vision',
          choices: [{ index: 0, message: { role: 'assistant', content: c.text, refusal: null }, finish_reason: c.finish, logprobs: null }],
          usage: { prompt_tokens: 100 + 85 * recorded.imageCount, completion_tokens: Math.ceil(c.text.length / 4), total_tokens: 0 },
        });
      }, latencyMs);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    script: (...b) => queue.push(...b),
    respondWith: (fn) => {
      decide = fn;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    maxInFlight: () => maxInFlight,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A base URL nothing listens on: connection refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
