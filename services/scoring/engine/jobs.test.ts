import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, closedPortUrl, type FakeOpenAI } from '../../../tests/support/fake-openai';
import type { Db } from '../../../db/connection';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { ConsentRequiredError } from './errors';
import { scoreRecordings, type ScoreRequest, type ScoringDeps } from './jobs';
import { listRuns } from './jobs-store';
import { runAnswer } from '../../../db/queries/model-runs';
import { noSecret } from './secrets';
import {
  FAST_BACKOFF,
  fakeFrameSource,
  insertTestRecordings,
  openTestDb,
  quietLog,
  testProvider,
} from '../../../tests/support/scoring-fixtures';
import { recordConsent } from './consent';

const bmv = builtinRubric('bmv')!;
let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

function setup(count = 1, rubricId: 'bmv' | 'aed' = 'bmv') {
  const { db } = openTestDb();
  const { recordingIds, stationId } = insertTestRecordings(db, { count, rubricId, durationS: 40 });
  return { db, recordingIds, stationId };
}

function run(db: Db, recordingIds: number[], req: Partial<ScoreRequest> = {}, deps: Partial<ScoringDeps> = {}) {
  return scoreRecordings(
    { provider: testProvider(server.url), task: 'score', mode: 'full', recordingIds, ...req },
    {
      db,
      log: quietLog,
      actor: 'test',
      secrets: noSecret,
      frameSource: fakeFrameSource(),
      backoff: FAST_BACKOFF,
      negotiate: false,
      ...deps,
    },
  );
}

const count = (db: Db, sql: string, ...p: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...p) as number;

/** Answers the next chat requests with these behaviours, then valid ones. */
function script(...b: Parameters<FakeOpenAI['script']>) {
  server.script(...b);
}

describe('scoring a batch', () => {
  it('turns accepted answers into model suggestions with everything needed to reproduce them', async () => {
    const { db, recordingIds } = setup(2);
    const before = server.chatRequests().length;
    const r = await run(db, recordingIds, { provider: testProvider(server.url, { seed: 42, temperature: 0.3 }) });
    expect(r.status).toBe('done');
    expect(r.results.map((x) => [x.status, x.reused])).toEqual([
      ['done', false],
      ['done', false],
    ]);
    expect(r.results[0]!.prompt_tokens).toBe(100 + 85 * 4);
    expect(server.chatRequests().length - before).toBe(2);

    const run0 = db.prepare('SELECT * FROM model_runs WHERE id = ?').get(r.results[0]!.run_id) as Record<string, any>;
    expect(run0).toMatchObject({
      status: 'done',
      provider: 'local',
      model: 'fake-vision',
      task: 'score',
      mode: 'full',
      prompt_version: 'score-v2',
      rubric_id: 'bmv',
      rubric_version: 1,
      temperature: 0.3,
      seed: 42,
      attempts: 1,
    });
    expect(run0.host).toBe(`127.0.0.1:${server.port}`);
    expect(run0.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(run0.frame_timestamps)).toEqual([5, 15, 25, 35]);
    expect(JSON.parse(run0.frame_spec)).toEqual({ count: 4, longSide: 768, detail: 'low' });
    expect(JSON.parse(run0.raw_response).choices[0].finish_reason).toBe('stop');
    expect(run0.parsed).toBeNull();
    expect(Object.keys(runAnswer(db, run0.id)!.steps)).toEqual(bmv.steps.map((s) => s.id));

    const scores = db
      .prepare(
        `SELECT s.step_id, s.score, s.source, s.run_id, s.comment, r.kind FROM step_scores s JOIN raters r ON r.id = s.rater_id WHERE s.recording_id = ? ORDER BY s.id`,
      )
      .all(recordingIds[0]) as Record<string, any>[];
    expect(scores).toHaveLength(bmv.steps.length);
    for (const s of scores) expect(s).toMatchObject({ source: 'model', kind: 'model', run_id: run0.id });
    expect(scores.map((s) => s.score)).toEqual(bmv.steps.map((s) => s.max_points));
    expect(count(db, `SELECT count(*) FROM step_scores WHERE source = 'examiner'`)).toBe(0);

    const audits = db.prepare(`SELECT after FROM audit_events WHERE action = 'model_request' ORDER BY seq`).all() as {
      after: string;
    }[];
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[0]!.after)).toMatchObject({
      recording_id: recordingIds[0],
      host: `127.0.0.1:${server.port}`,
      model: 'fake-vision',
      frames: 4,
    });
    expect(JSON.parse(audits[0]!.after).bytes).toBeGreaterThan(1000);
  });

  it('accepts fenced JSON', async () => {
    const { db, recordingIds } = setup();
    script({ kind: 'fenced' });
    const r = await run(db, recordingIds);
    expect(r.results[0]!.status).toBe('done');
    expect(runAnswer(db, listRuns(db)[0]!.id)!.extractedFrom).toBe('fenced');
  });

  it.each([
    ['prose', { kind: 'prose' }, /the answer is prose, not a JSON object/],
    ['a missing step', { kind: 'missing-step' }, /missing step bmv\.equipment_oxygen/],
    ['an unknown step', { kind: 'unknown-step' }, /unknown step "made\.up_step"/],
    ['an out-of-range score', { kind: 'out-of-range' }, /score 3 is not one of the allowed scores 0, 0\.5, 1, 1\.5, 2/],
    ['a truncated answer', { kind: 'length' }, /cut off at the output token limit/],
  ] as const)(
    'keeps %s as a rejected run, retries once with a stricter instruction, and uses the retry',
    async (_n, bad, reason) => {
      const { db, recordingIds } = setup();
      script(bad, { kind: 'valid' });
      const before = server.chatRequests().length;
      const r = await run(db, recordingIds);
      expect(r.results[0]!.status).toBe('done');
      const reqs = server.chatRequests().slice(before);
      expect(reqs).toHaveLength(2);
      expect(reqs[1]!.texts.at(-1)).toMatch(/^Your previous answer could not be used: /);
      expect(reqs[1]!.texts.at(-1)).toMatch(reason);
      const runs = listRuns(db);
      expect(runs.map((x) => x.status)).toEqual(['done', 'rejected']);
      expect(runs[1]!.reason).toMatch(reason);
      const raw = db.prepare(`SELECT raw_response FROM model_runs WHERE status = 'rejected'`).pluck().get() as string;
      expect(JSON.parse(raw).choices[0].message.content.length).toBeGreaterThan(0);
      // The suggestions come from the accepted retry only.
      expect(count(db, `SELECT count(*) FROM step_scores WHERE run_id = ?`, runs[0]!.id)).toBe(bmv.steps.length);
      expect(count(db, `SELECT count(*) FROM step_scores WHERE run_id = ?`, runs[1]!.id)).toBe(0);
    },
  );

  it('fails with the reason after two rejected answers and writes no suggestion', async () => {
    const { db, recordingIds } = setup();
    script({ kind: 'out-of-range' }, { kind: 'missing-step' });
    const r = await run(db, recordingIds);
    expect(r.status).toBe('failed');
    expect(r.results[0]).toMatchObject({ status: 'failed' });
    expect(r.results[0]!.reason).toMatch(/rejected twice .*: missing step bmv\.equipment_oxygen/);
    expect(listRuns(db).map((x) => x.status)).toEqual(['failed', 'rejected', 'rejected']);
    expect(count(db, 'SELECT count(*) FROM step_scores')).toBe(0);
  });

  it('retries 429 honouring retry-after, then succeeds', async () => {
    const { db, recordingIds } = setup();
    script({ kind: 'status', status: 429, retryAfter: '0.2' }, { kind: 'valid' });
    const r = await run(db, recordingIds);
    expect(r.results[0]!.status).toBe('done');
    expect(listRuns(db)[0]!.attempts).toBe(2);
    expect(count(db, `SELECT count(*) FROM audit_events WHERE action = 'model_request'`)).toBe(2);
  });

  it('fails on persistent 500, on a server that hangs past the timeout twice, and on a refused connection', async () => {
    const { db, recordingIds } = setup();
    server.respondWith(() => ({ kind: 'status', status: 500 }));
    try {
      const r = await run(db, recordingIds);
      expect(r.results[0]!.reason).toMatch(/answered HTTP 500.*after 4 attempts/);
    } finally {
      server.respondWith(null);
    }
    script({ kind: 'hang' }, { kind: 'hang' });
    const hung = await run(db, recordingIds, { provider: testProvider(server.url, { timeoutS: 0.4 }) });
    expect(hung.results[0]).toMatchObject({ status: 'failed' });
    expect(hung.results[0]!.reason).toMatch(/within 0\.4 s \(timed out twice\)/);
    const refused = await run(db, recordingIds, { provider: testProvider(await closedPortUrl()) });
    expect(refused.results[0]!.reason).toMatch(/could not connect .*ECONNREFUSED/);
    expect(count(db, `SELECT count(*) FROM model_runs WHERE status IN ('queued', 'running')`)).toBe(0);
    expect(count(db, 'SELECT count(*) FROM step_scores')).toBe(0);
  });

  it('reuses an identical finished run, and re-runs with force, superseding it', async () => {
    const { db, recordingIds } = setup();
    const first = await run(db, recordingIds);
    const before = server.chatRequests().length;
    const again = await run(db, recordingIds);
    expect(server.chatRequests().length).toBe(before);
    expect(again.results[0]).toMatchObject({ status: 'done', reused: true, run_id: first.results[0]!.run_id });
    // A different setting is a different run.
    const binary = await run(db, recordingIds, { task: 'binary' });
    expect(binary.results[0]!.reused).toBe(false);
    const forced = await run(db, recordingIds, { force: true });
    expect(forced.results[0]!.run_id).not.toBe(first.results[0]!.run_id);
    const old = db.prepare('SELECT superseded_by FROM model_runs WHERE id = ?').pluck().get(first.results[0]!.run_id);
    expect(old).toBe(forced.results[0]!.run_id);
    expect(count(db, `SELECT count(*) FROM step_scores WHERE run_id = ?`, first.results[0]!.run_id)).toBe(0);
    expect(count(db, `SELECT count(*) FROM step_scores WHERE run_id = ?`, forced.results[0]!.run_id)).toBe(
      bmv.steps.length,
    );
  });

  it('stores error-detection answers for a binary model rater: full marks when correct, 0 when not', async () => {
    const { db, recordingIds } = setup();
    server.respondWith(() => ({ kind: 'valid', correct: false }));
    try {
      const r = await run(db, recordingIds, { task: 'binary' });
      expect(r.results[0]!.status).toBe('done');
    } finally {
      server.respondWith(null);
    }
    const rater = db.prepare(`SELECT kind, config FROM raters WHERE kind = 'model'`).get() as {
      kind: string;
      config: string;
    };
    expect(JSON.parse(rater.config)).toMatchObject({ task: 'binary', mode: 'full', model: 'fake-vision' });
    expect(new Set(db.prepare('SELECT score FROM step_scores').pluck().all())).toEqual(new Set([0]));
    expect(server.chatRequests().at(-1)!.texts.join('\n')).toContain('correct means: performed fully to the criteria');
  });

  it('keeps within the provider concurrency limit', async () => {
    const { db, recordingIds } = setup(6);
    const fresh = await startFakeOpenAI({ latencyMs: 150 });
    try {
      const r = await run(db, recordingIds, { provider: testProvider(fresh.url, { concurrency: 2 }) });
      expect(r.results.every((x) => x.status === 'done')).toBe(true);
      expect(fresh.maxInFlight()).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('cancels mid-batch cleanly: finished runs stay, the rest are cancelled, nothing half-written', async () => {
    const { db, recordingIds } = setup(6);
    const slow = await startFakeOpenAI({ latencyMs: 300 });
    const ac = new AbortController();
    try {
      const progress: number[] = [];
      const pending = run(
        db,
        recordingIds,
        { provider: testProvider(slow.url, { concurrency: 2 }) },
        {
          signal: ac.signal,
          onProgress: (p) => {
            progress.push(p.done);
            if (p.done >= 2) ac.abort();
          },
        },
      );
      const r = await pending;
      expect(r.status).toBe('cancelled');
      const statuses = r.results.map((x) => x.status);
      expect(statuses.filter((s) => s === 'done').length).toBeGreaterThanOrEqual(2);
      expect(statuses.filter((s) => s === 'cancelled').length).toBeGreaterThanOrEqual(2);
      expect(count(db, `SELECT count(*) FROM model_runs WHERE status IN ('queued', 'running')`)).toBe(0);
      const done = db.prepare(`SELECT id FROM model_runs WHERE status = 'done'`).pluck().all() as number[];
      expect(count(db, 'SELECT count(DISTINCT run_id) FROM step_scores')).toBe(done.length);
      expect(
        count(db, `SELECT count(*) FROM step_scores s JOIN model_runs m ON m.id = s.run_id WHERE m.status <> 'done'`),
      ).toBe(0);
      expect(db.prepare(`SELECT status FROM background_jobs WHERE id = ?`).pluck().get(r.jobId)).toBe('cancelled');
    } finally {
      await slow.close();
    }
  });

  it('asks for consent before frames go to a remote host, and writes nothing until given', async () => {
    const { db, recordingIds } = setup();
    // .invalid never resolves, so once consent is given the request fails fast instead of leaving the machine.
    const remote = testProvider('http://models.invalid/v1', { timeoutS: 5 });
    await expect(run(db, recordingIds, { provider: remote })).rejects.toBeInstanceOf(ConsentRequiredError);
    await expect(run(db, recordingIds, { provider: remote })).rejects.toThrow(
      /4 still frames of each recording .* rubric text to models\.invalid/,
    );
    expect(count(db, 'SELECT count(*) FROM model_runs')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM background_jobs')).toBe(0);
    recordConsent(db, remote);
    const r = await run(db, recordingIds, { provider: remote });
    expect(r.results[0]).toMatchObject({ status: 'failed' });
    expect(r.results[0]!.reason).toMatch(/could not connect to models\.invalid/);
  });
});

describe('clip mode', () => {
  it('sends one request per marked step span with frames from that span only', async () => {
    const { db, recordingIds } = setup();
    const { markSpans } = await import('../../../tests/support/scoring-fixtures');
    markSpans(db, recordingIds[0]!, [
      { stepId: 'bmv.mask_seal', startS: 10, endS: 18 },
      { stepId: 'bmv.airway_opening', startS: 4, endS: 8 },
    ]);
    const frames = fakeFrameSource();
    const before = server.chatRequests().length;
    const r = await run(db, recordingIds, { mode: 'clips' }, { frameSource: frames });
    expect(r.results[0]!.status).toBe('done');
    expect(r.results[0]!.reason).toMatch(
      /not judged \(no marked span\): bmv\.equipment_oxygen, bmv\.ventilation, bmv\.coordination_monitoring/,
    );
    const reqs = server.chatRequests().slice(before);
    expect(reqs).toHaveLength(2);
    expect(frames.calls.map((c) => [c.fromS, c.toS])).toEqual([
      [4, 8],
      [10, 18],
    ]);
    const schemas = reqs.map(
      (q) => (q.responseFormat as { json_schema: { schema: { required: string[] } } }).json_schema.schema.required,
    );
    expect(schemas).toEqual([['bmv.airway_opening'], ['bmv.mask_seal']]);
    expect(reqs[0]!.texts.join('\n')).toContain('from 4.0 s to 8.0 s');
    const steps = db.prepare(`SELECT step_id FROM step_scores ORDER BY step_id`).pluck().all();
    expect(steps).toEqual(['bmv.airway_opening', 'bmv.mask_seal']);
  });

  it('fails a recording with no marked spans without sending anything', async () => {
    const { db, recordingIds } = setup();
    const before = server.chatRequests().length;
    const r = await run(db, recordingIds, { mode: 'clips' });
    expect(r.results[0]).toMatchObject({ status: 'failed', run_id: null });
    expect(r.results[0]!.reason).toMatch(/no rubric step has a marked time span/);
    expect(server.chatRequests().length).toBe(before);
  });
});
