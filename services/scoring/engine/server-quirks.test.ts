/**
 * Batches against test servers that behave like the servers labs run (see FakeServerProfile): each
 * batch completes where the server can do the job, and fails once, in the server's own words,
 * where it cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_VISION_MESSAGE,
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeServerProfile,
} from '../../../tests/support/fake-openai';
import type { Db } from '../../../db/connection';
import { getCapabilities } from './capabilities-store';
import { UnsupportedInputError } from './errors';
import { scoreRecordings, type ScoringDeps } from './jobs';
import { listRuns } from './jobs-store';
import { runAnswer } from '../../../db/queries/model-runs';
import { envSecretSource, noSecret } from './secrets';
import {
  FAST_BACKOFF,
  fakeFrameSource,
  insertTestRecordings,
  openTestDb,
  quietLog,
  testProvider,
} from '../../../tests/support/scoring-fixtures';
import type { ProviderConfigInput } from './provider';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

function setup(count: number) {
  const { db } = openTestDb();
  const { recordingIds } = insertTestRecordings(db, { count, rubricId: 'bmv', durationS: 40 });
  return { db, recordingIds };
}

async function batch(
  db: Db,
  recordingIds: number[],
  profile: FakeServerProfile,
  o: { provider?: Partial<ProviderConfigInput>; deps?: Partial<ScoringDeps>; on?: FakeOpenAI } = {},
) {
  const s = o.on ?? server;
  s.setProfile(profile);
  const before = s.chatRequests().length;
  try {
    const result = await scoreRecordings(
      { provider: testProvider(s.url, { concurrency: 2, ...o.provider }), task: 'score', mode: 'full', recordingIds },
      {
        db,
        log: quietLog,
        actor: 'test',
        frameSource: fakeFrameSource(),
        backoff: FAST_BACKOFF,
        secrets: o.provider?.kind === 'api' ? envSecretSource({ KEY: 'sk-test-quirks-0123' }, 'KEY') : noSecret,
        ...o.deps,
      },
    );
    return { result, sent: s.chatRequests().slice(before) };
  } finally {
    s.setProfile({});
  }
}

const scoring = (sent: FakeOpenAI['requests']) => sent.filter((r) => r.imageCount > 1);
const formatOf = (r: FakeOpenAI['requests'][number]) =>
  (r.responseFormat as { type?: string } | undefined)?.type ?? 'none';

describe('servers with limits', () => {
  it('(a) a server that rejects json_schema (and json_object): the batch asks for no format, with the schema in the prompt, and completes', async () => {
    const { db, recordingIds } = setup(3);
    const { result, sent } = await batch(db, recordingIds, { responseFormats: [] });
    expect(result.status).toBe('done');
    expect(scoring(sent).map(formatOf)).toEqual(['none', 'none', 'none']);
    expect(getCapabilities(db, server.url, 'fake-vision')).toMatchObject({ structuredOutput: 'none' });
  });

  it('(a) the same server with capabilities learned earlier that no longer hold: the batch steps down mid-way and completes', async () => {
    const { db, recordingIds } = setup(3);
    const { result, sent } = await batch(
      db,
      recordingIds,
      { responseFormats: [] },
      { deps: { negotiate: false }, provider: { concurrency: 1 } },
    );
    expect(result.status).toBe('done');
    // One refusal per format, each sent once: json_schema, json_object, then the answers without a format.
    expect(
      scoring(sent)
        .filter((r) => r.behaviour === 'refused')
        .map(formatOf),
    ).toEqual(['json_schema', 'json_object']);
    expect(listRuns(db).every((r) => r.status === 'done')).toBe(true);
  });

  it('(b) a server that accepts only json_object: the batch uses json_object and completes', async () => {
    const { db, recordingIds } = setup(3);
    const { result, sent } = await batch(db, recordingIds, { responseFormats: ['json_object'] });
    expect(result.status).toBe('done');
    expect(scoring(sent).map(formatOf)).toEqual(['json_object', 'json_object', 'json_object']);
  });

  it('(c) a model that ignores the schema and answers in prose with the JSON inside: answers are still checked and accepted', async () => {
    const { db, recordingIds } = setup(2);
    const { result } = await batch(db, recordingIds, { ignoresSchema: true });
    expect(result.status).toBe('done');
    expect(listRuns(db).map((r) => runAnswer(db, r.id)?.extractedFrom)).toEqual(['embedded', 'embedded']);
    expect(getCapabilities(db, server.url, 'fake-vision')).toMatchObject({
      structuredOutput: 'json_schema',
      schemaFollowed: false,
    });
  });

  it("(d) a server that refuses images: the batch is refused once with the server's reason, before any frame is sent", async () => {
    const { db, recordingIds } = setup(3);
    const before = server.chatRequests().length;
    const err = await batch(db, recordingIds, { noImages: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedInputError);
    expect((err as Error).message).toContain(`"${NO_VISION_MESSAGE}"`);
    expect((err as Error).message).toMatch(/--mmproj/);
    const sent = server.chatRequests().slice(before);
    // The one tiny grey test image was refused; no recording frame was sent.
    expect(sent.filter((r) => r.imageCount > 0).map((r) => [r.imageCount, r.behaviour])).toEqual([[1, 'refused']]);
    expect(db.prepare('SELECT count(*) FROM model_runs').pluck().get()).toBe(0);
  });

  it('(d) the same server when it was thought to take images: the first request fails with its reason, not retried, and nothing else is sent', async () => {
    const { db, recordingIds } = setup(3);
    const { result, sent } = await batch(
      db,
      recordingIds,
      { noImages: true },
      { deps: { negotiate: false }, provider: { concurrency: 1 } },
    );
    expect(result.status).toBe('failed');
    expect(scoring(sent)).toHaveLength(1);
    expect(result.results[0]!.reason).toContain(NO_VISION_MESSAGE);
    for (const r of result.results.slice(1)) expect(r.reason).toMatch(/^not sent: .*image input is not supported/);
    expect(db.prepare('SELECT error FROM background_jobs').pluck().get()).toMatch(
      /3 of 3 recording\(s\) failed; stopped: .*image input is not supported/,
    );
  });

  it('(f) a server that knows only max_tokens: an API-kind provider switches from max_completion_tokens and completes', async () => {
    const { db, recordingIds } = setup(2);
    const { result, sent } = await batch(
      db,
      recordingIds,
      { tokenParameter: 'max_tokens' },
      { provider: { kind: 'api' }, deps: { negotiate: false } },
    );
    expect(result.status).toBe('done');
    const answered = scoring(sent).filter((r) => r.behaviour !== 'refused');
    expect(answered.every((r) => 'max_tokens' in r.body && !('max_completion_tokens' in r.body))).toBe(true);
    // At most the requests already out when the first refusal came back (concurrency 2).
    expect(scoring(sent).filter((r) => r.behaviour === 'refused').length).toBeLessThanOrEqual(2);
  });

  it('(f) a lab GPU box chosen as a lab server needs no key and gets max_tokens from the start', async () => {
    const { db, recordingIds } = setup(2);
    const { result, sent } = await batch(db, recordingIds, { tokenParameter: 'max_tokens' });
    expect(result.status).toBe('done');
    expect(sent.every((r) => r.behaviour !== 'refused' && r.authorization === 'Bearer no-key')).toBe(true);
  });
});

describe('a server that answers one request at a time', () => {
  async function serial(latencyMs: number, timeoutS: number, count: number) {
    const one = await startFakeOpenAI({ latencyMs, profile: { serial: true } });
    try {
      const { db, recordingIds } = setup(count);
      // Concurrency 4, as before the fix: the adaptive gate starts at one for a lab server.
      const { result } = await batch(
        db,
        recordingIds,
        { serial: true },
        { on: one, provider: { concurrency: 4, timeoutS }, deps: { negotiate: false } },
      );
      return { result, maxInFlight: one.maxInFlight() };
    } finally {
      await one.close();
    }
  }

  it('(e) scaled down: 0.3 s per answer, 0.7 s timeout, 6 recordings: all complete', async () => {
    const { result, maxInFlight } = await serial(300, 0.7, 6);
    expect(result.results.map((r) => r.status)).toEqual(Array(6).fill('done'));
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it('(e) as reported: 3 s per answer, --timeout 7, 4 recordings: all complete', async () => {
    const { result } = await serial(3000, 7, 4);
    expect(result.results.map((r) => r.status)).toEqual(Array(4).fill('done'));
  }, 30_000);
});
