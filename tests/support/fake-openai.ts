// TEST-ONLY: a local OpenAI-compatible server (POST /v1/chat/completions, GET /v1/models) on
// 127.0.0.1 with a random port, scriptable per request. Used by the scoring tests, the CLI tests
// and the benchmark (50 recordings, 1 s latency, concurrency 8), so it keeps only a summary of
// each request (texts, schema, image count and sizes), never the base64 images themselves unless
// asked to (keepImages). A server profile makes it behave like a real server's limits: older
// llama.cpp and Ollama builds without json_schema, LM Studio-like json_object refusals, a model
// that ignores the schema, llama.cpp without a vision projector, one request at a time, and
// servers that know only max_tokens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ANSWER_SCHEMA_PREFIX } from '../../services/scoring/engine/request';

export type FakeBehaviour =
  /** A schema-conforming answer built from the request's response_format. */
  | { kind: 'valid'; pick?: 'max' | 'min'; correct?: boolean }
  /** The valid answer as a sentence of prose with no JSON at all. */
  | { kind: 'prose' }
  /** The valid answer inside sentences of prose (no fences): a model ignoring the schema. */
  | { kind: 'prose-with-json' }
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
  /** input_audio parts in the request. */
  audioCount: number;
  body: Record<string, unknown>;
  behaviour: FakeBehaviour['kind'] | 'models' | 'not-found' | 'refused';
  /** The decoded images, when the server keeps them. */
  images?: Buffer[];
}

/** How the whole server behaves, whatever the script says; each field imitates a real server. */
export interface FakeServerProfile {
  /**
   * Which response_format types the server accepts (absent means every type). A type not listed
   * is answered with HTTP 400 naming it, as llama.cpp, Ollama and LM Studio builds do.
   */
  responseFormats?: ('json_schema' | 'json_object')[];
  /** Accepts json_schema but answers in prose with the JSON object inside (a model that ignores it). */
  ignoresSchema?: boolean;
  /** No vision: any image part gets llama.cpp's HTTP 500 "image input is not supported". */
  noImages?: boolean;
  /** No audio: any input_audio part gets HTTP 400. */
  noAudio?: boolean;
  /** One request at a time, the others wait in the server's queue (llama.cpp with one slot). */
  serial?: boolean;
  /** The one token parameter it knows; the other one gets HTTP 400 (e.g. vLLM/llama.cpp builds and max_completion_tokens). */
  tokenParameter?: 'max_tokens' | 'max_completion_tokens';
}

export interface FakeOpenAIOptions {
  /** Delay before each answer (ms); a serial server spends it on each request in turn. */
  latencyMs?: number;
  models?: string[];
  /** Behaviour when the script is empty. */
  defaultBehaviour?: FakeBehaviour;
  profile?: FakeServerProfile;
  /** Keep each request's decoded images (JPEG bytes) in `images`, for tests that look at them. */
  keepImages?: boolean;
}

/** llama.cpp's own words when started without --mmproj. */
export const NO_VISION_MESSAGE =
  'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj';

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
  setProfile(profile: FakeServerProfile): void;
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

type SchemaNode = { properties?: Record<string, SchemaNode>; enum?: unknown[]; type?: string };

/** A valid answer for the response_format schema the client sent. */
export function schemaOf(req: RecordedRequest): SchemaNode | undefined {
  const fromFormat = (req.responseFormat as { json_schema?: { schema?: SchemaNode } } | undefined)?.json_schema?.schema;
  if (fromFormat) return fromFormat;
  // Without json_schema the client writes the schema into the prompt after this prefix.
  const text = req.texts.find((t) => t.startsWith(ANSWER_SCHEMA_PREFIX));
  return text ? (JSON.parse(text.slice(ANSWER_SCHEMA_PREFIX.length)) as SchemaNode) : undefined;
}

export function answerFor(
  req: RecordedRequest,
  b: { pick?: 'max' | 'min'; correct?: boolean } = {},
): Record<string, unknown> {
  const schema = schemaOf(req);
  const times = req.texts.flatMap((t) => [...t.matchAll(/at (\d+(?:\.\d+)?) s:/g)].map((m) => Number(m[1])));
  const out: Record<string, unknown> = {};
  for (const [stepId, node] of Object.entries(schema?.properties ?? {})) {
    // The connection test's tiny schema: {"grey": boolean}.
    if (node.type === 'boolean') {
      out[stepId] = true;
      continue;
    }
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
    case 'prose-with-json':
      return {
        text: `Looking at the frames, here is my assessment. ${JSON.stringify(valid)} I hope this helps the examiner.`,
        finish: 'stop',
      };
    case 'prose':
      return {
        text: 'The candidate performed most steps well, although hand position could be improved.',
        finish: 'stop',
      };
    case 'fenced':
      return {
        text:
          'Here is my assessment:\n```json\n' + JSON.stringify(valid, null, 2) + '\n```\nLet me know if you need more.',
        finish: 'stop',
      };
    case 'missing-step': {
      const { [ids[0]!]: _dropped, ...rest } = valid;
      return { text: JSON.stringify(rest), finish: 'stop' };
    }
    case 'unknown-step':
      return {
        text: JSON.stringify({ ...valid, 'made.up_step': { score: 1, correct: true, rationale: 'x', evidence_s: [] } }),
        finish: 'stop',
      };
    case 'out-of-range': {
      const first = valid[ids[0]!] as Record<string, unknown>;
      if ('score' in first) {
        const e = (schemaOf(req)!.properties![ids[0]!]!.properties!.score!.enum ?? [0]) as number[];
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

function summarise(
  method: string,
  path: string,
  headers: IncomingMessage['headers'],
  body: Record<string, unknown>,
  keepImages = false,
): RecordedRequest {
  const texts: string[] = [];
  const images: Buffer[] = [];
  let audioCount = 0;
  const imageBytes: number[] = [];
  const imageDetails: (string | undefined)[] = [];
  const imageUrlPrefixes: string[] = [];
  const messages = Array.isArray(body.messages) ? (body.messages as { content: unknown }[]) : [];
  for (const m of messages) {
    if (typeof m.content === 'string') texts.push(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content as { type: string; text?: string; image_url?: { url: string; detail?: string } }[]) {
        if (part.type === 'text') texts.push(part.text ?? '');
        if (part.type === 'input_audio') audioCount++;
        if (part.type === 'image_url' && part.image_url) {
          const url = part.image_url.url;
          const comma = url.indexOf(',');
          // Copied, not sliced: V8 keeps a short slice of a long string pointing into the whole
          // string, so a sliced prefix would keep every base64 image of a benchmark batch alive.
          const prefix = Buffer.from(url.slice(0, comma + 1)).toString();
          imageUrlPrefixes.push(prefix);
          imageBytes.push(Buffer.byteLength(url.slice(comma + 1), 'base64'));
          if (keepImages) images.push(Buffer.from(url.slice(comma + 1), 'base64'));
          imageDetails.push(
            part.image_url.detail === undefined ? undefined : Buffer.from(part.image_url.detail).toString(),
          );
          part.image_url.url = prefix + '…';
        }
      }
    }
  }
  return {
    at: Date.now(),
    method,
    path,
    authorization: headers.authorization,
    model: typeof body.model === 'string' ? body.model : undefined,
    texts,
    imageCount: imageBytes.length,
    imageBytes,
    imageDetails,
    imageUrlPrefixes,
    responseFormat: body.response_format,
    audioCount,
    body,
    behaviour: 'valid',
    ...(keepImages ? { images } : {}),
  };
}

/** The HTTP error a server with this profile answers the request with, or null when it takes it. */
export function refusal(profile: FakeServerProfile, req: RecordedRequest): { status: number; message: string } | null {
  const format = (req.responseFormat as { type?: string } | undefined)?.type;
  if (profile.tokenParameter) {
    const other = profile.tokenParameter === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
    if (other in req.body) return { status: 400, message: `Unrecognized request argument supplied: ${other}` };
  }
  if (format && profile.responseFormats && !(profile.responseFormats as string[]).includes(format)) {
    const allowed = profile.responseFormats.length
      ? profile.responseFormats.map((f) => `'${f}'`).join(' or ')
      : "'text'";
    return { status: 400, message: `'response_format.type' must be ${allowed}` };
  }
  if (profile.noImages && req.imageCount > 0) return { status: 500, message: NO_VISION_MESSAGE };
  if (profile.noAudio && req.audioCount > 0)
    return { status: 400, message: 'audio input is not supported by this model' };
  return null;
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let latencyMs = opts.latencyMs ?? 0;
  let profile: FakeServerProfile = opts.profile ?? {};
  // A serial server answers one request after another: each waits for the one before it.
  let serialTail: Promise<void> = Promise.resolve();
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
        send(res, 200, {
          object: 'list',
          data: (opts.models ?? ['fake-vision']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
        });
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
      const recorded = summarise('POST', path, req.headers, body, opts.keepImages);
      const n = chatCount++;
      const refused = refusal(profile, recorded);
      if (refused) {
        recorded.behaviour = 'refused';
        requests.push(recorded);
        send(res, refused.status, {
          error: {
            code: refused.status,
            message: refused.message,
            type: refused.status >= 500 ? 'server_error' : 'invalid_request_error',
          },
        });
        return;
      }
      const scripted = decide ? decide(recorded, n) : (queue.shift() ?? opts.defaultBehaviour ?? { kind: 'valid' });
      const behaviour: FakeBehaviour =
        scripted.kind === 'valid' && profile.ignoresSchema ? { kind: 'prose-with-json' } : scripted;
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
      const answer = () => {
        if (behaviour.kind === 'status') {
          send(
            res,
            behaviour.status,
            { error: { message: behaviour.message ?? `fake status ${behaviour.status}`, type: 'server_error' } },
            behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {},
          );
          return;
        }
        const c = content(recorded, behaviour);
        send(res, 200, {
          id: `chatcmpl-fake-${n}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: recorded.model ?? 'fake-vision',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: c.text, refusal: null },
              finish_reason: c.finish,
              logprobs: null,
            },
          ],
          usage: {
            prompt_tokens: 100 + 85 * recorded.imageCount,
            completion_tokens: Math.ceil(c.text.length / 4),
            total_tokens: 0,
          },
        });
      };
      if (!profile.serial) {
        setTimeout(answer, latencyMs);
        return;
      }
      serialTail = serialTail.then(
        () =>
          new Promise<void>((done) => {
            // A client that gave up while queued still costs the server its turn, as on llama.cpp.
            setTimeout(() => {
              answer();
              done();
            }, latencyMs);
          }),
      );
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
    setProfile: (p) => {
      profile = p;
    },
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
