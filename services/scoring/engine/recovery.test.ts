import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../../tests/support/fake-openai';
import type { Db } from '../../../db/connection';
import { resumeScoringJob, scoreRecordings } from './jobs';
import { getScoringJob, resumableScoringJobs, type ScoringJobParams } from './jobs-store';
import { planBatch } from './plan';
import { loadPromptTemplate } from './prompts';
import { claimRun, recoverInterruptedRuns } from './runs-store';
import { noSecret } from './secrets';
import {
  FAST_BACKOFF,
  fakeFrameSource,
  insertTestRecordings,
  openTestDb,
  quietLog,
  testProvider,
} from '../../../tests/support/scoring-fixtures';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

const count = (db: Db, sql: string, ...p: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...p) as number;
const DEAD = 'some-other-machine:4242';

/** What a process killed mid-batch leaves: a running job, two runs it had started, one still queued. */
function crashedBatch() {
  const { db } = openTestDb();
  const { recordingIds } = insertTestRecordings(db, { count: 3, durationS: 30 });
  const params: ScoringJobParams = {
    provider: testProvider(server.url),
    task: 'score',
    mode: 'full',
    longSide: 768,
    force: false,
    recordingIds,
  };
  const plan = planBatch(db, params, loadPromptTemplate('score', 'full'), 'test');
  claimRun(db, plan.runs[0]!.runId, DEAD);
  claimRun(db, plan.runs[1]!.runId, DEAD);
  db.prepare(`UPDATE background_jobs SET progress = json_set(progress, '$.worker', ?) WHERE id = ?`).run(
    DEAD,
    plan.jobId,
  );
  return { db, params, jobId: plan.jobId, recordingIds };
}

const deps = (db: Db) => ({
  db,
  log: quietLog,
  actor: 'test',
  secrets: noSecret,
  frameSource: fakeFrameSource(),
  backoff: FAST_BACKOFF,
});

describe('after a crash', () => {
  it('puts runs and jobs of a process that no longer exists back in the queue, and leaves live ones alone', () => {
    const { db, jobId } = crashedBatch();
    const alive = db.prepare(`SELECT id FROM model_runs WHERE status = 'queued'`).pluck().get() as number;
    claimRun(db, alive); // this process: alive
    expect(recoverInterruptedRuns(db)).toEqual({ runs: 2, jobs: 1 });
    expect(db.prepare(`SELECT status, count(*) AS n FROM model_runs GROUP BY status ORDER BY status`).all()).toEqual([
      { status: 'queued', n: 2 },
      { status: 'running', n: 1 },
    ]);
    expect(resumableScoringJobs(db)).toEqual([jobId]);
    expect(recoverInterruptedRuns(db)).toEqual({ runs: 0, jobs: 0 });
  });

  it('the same command again finishes the batch on the same run rows: no duplicates', async () => {
    const { db, params, jobId, recordingIds } = crashedBatch();
    const runIds = db.prepare('SELECT id FROM model_runs ORDER BY id').pluck().all();
    const r = await scoreRecordings({ provider: params.provider, task: 'score', mode: 'full', recordingIds }, deps(db));
    expect(r.status).toBe('done');
    expect(r.results.map((x) => x.run_id)).toEqual(runIds);
    expect(count(db, 'SELECT count(*) FROM model_runs')).toBe(3);
    expect(count(db, `SELECT count(*) FROM model_runs WHERE status = 'done' AND job_id = ?`, r.jobId)).toBe(3);
    expect(count(db, 'SELECT count(DISTINCT recording_id) FROM step_scores')).toBe(3);
    const old = getScoringJob(db, jobId)!;
    expect(old.status).toBe('failed');
    expect(old.error).toMatch(new RegExp(`interrupted: .* job ${r.jobId} resumed its runs`));
  });

  it('the app can resume the interrupted job itself', async () => {
    const { db, jobId } = crashedBatch();
    recoverInterruptedRuns(db);
    const r = await resumeScoringJob(jobId, deps(db));
    expect(r).toMatchObject({ jobId, status: 'done' });
    expect(r.results).toHaveLength(3);
    expect(count(db, `SELECT count(*) FROM model_runs WHERE job_id = ? AND status = 'done'`, jobId)).toBe(3);
    expect(getScoringJob(db, jobId)!.status).toBe('done');
  });

  it('refuses to queue a second live run for the same key, even bypassing the planner', () => {
    const { db } = crashedBatch();
    const row = db.prepare(`SELECT * FROM model_runs LIMIT 1`).get() as Record<string, unknown>;
    expect(() =>
      db
        .prepare(
          `INSERT INTO model_runs (recording_id, rater_id, idempotency_key, status, provider, host, model, task, mode, prompt_version, prompt_hash,
             rubric_id, rubric_version, frame_spec, created_at) VALUES (@recording_id, @rater_id, @idempotency_key, 'queued', @provider, @host, @model,
             @task, @mode, @prompt_version, @prompt_hash, @rubric_id, @rubric_version, @frame_spec, @created_at)`,
        )
        .run(row),
    ).toThrow(/UNIQUE constraint failed/);
  });
});
