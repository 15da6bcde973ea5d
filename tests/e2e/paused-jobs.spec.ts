/**
 * Security review A2, in the page: a scoring job to an endpoint off this machine that a restart
 * interrupted is not resumed by itself. The examiner sees it as paused, with where it would send
 * frames, and resumes or discards it.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test.use({
  prepareData: {
    run: (_dir, dbPath) => {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'seed-scoring.ts'), dbPath, '1'],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`seeding the scoring recordings failed: ${r.stderr}`);
      const db = new Database(dbPath);
      const provider = {
        kind: 'api',
        baseUrl: 'http://203.0.113.9:9/v1',
        model: 'far-model',
        framesPerRequest: 4,
        imageDetail: 'low',
        timeoutS: 10,
        concurrency: 1,
        temperature: 0,
        maxOutputTokens: 512,
        tokenParameter: 'max_completion_tokens',
        maskFaces: false,
      };
      db.prepare(
        `INSERT INTO background_jobs (kind, status, params, progress, created_at, updated_at) VALUES ('model_scoring', 'queued', ?, '{}', ?, ?)`,
      ).run(
        JSON.stringify({ provider, task: 'score', mode: 'full', longSide: 768, force: false, recordingIds: [1] }),
        '2026-03-10T09:00:00.000Z',
        '2026-03-10T09:00:00.000Z',
      );
      db.close();
    },
  },
});

test('an interrupted job to a remote endpoint waits as paused, naming where it would go, and can be discarded', async ({
  app,
}) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  const paused = page.getByTestId('paused-jobs');
  await expect(paused.getByTestId('paused-job')).toHaveCount(1);
  await expect(paused).toContainText('Paused — resume? 1 recording(s) to 203.0.113.9:9');
  await expect(paused).toContainText('faces NOT masked');
  await paused.getByRole('button', { name: 'Discard' }).click();
  await expect(paused).toHaveCount(0);
});
