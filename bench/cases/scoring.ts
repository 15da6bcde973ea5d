import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { makeTestRecording } from '../../tests/support/test-media';
import { silentLogger } from '../../services/core/log';
import { mediaFrameSource, noSecret, parseProviderConfig, scoreRecordings } from '../../services/scoring/engine';
import { insertTestRecordings, openTestDb } from '../../tests/support/scoring-fixtures';
import { summarise, withRatios, type CaseResult } from '../lib';

const RECORDINGS = 50;
const CONCURRENCY = 8;
const LATENCY_MS = 1000;
const FRAMES = 8;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '..', 'fake-server.ts'), String(LATENCY_MS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('exit', (code) => rej(new Error(`fake server exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Case 3: 50 recordings against a server answering after 1 s, concurrency 8, vs the lower bound measured in the same run. */
export async function scoringCase(work: string, runs: number): Promise<CaseResult> {
  const clip = await makeTestRecording(work, 'mp4-no-audio', {
    durationS: 20,
    width: 640,
    height: 360,
    fileName: 'scoring-clip.mp4',
  });
  const server = await startServer();
  const walls: number[] = [];
  const extractions: number[] = [];
  let peakRss = 0;
  try {
    for (let i = 0; i < runs; i++) {
      // Frame extraction alone, the same 50 extractions on a fresh cache, measured in this run.
      {
        const dir = mkdtempSync(join(work, 'extract-'));
        const { db } = openTestDb(dir);
        insertTestRecordings(db, {
          count: RECORDINGS,
          storedPath: clip,
          durationS: 20,
          width: 640,
          height: 360,
          rubricId: 'cpr',
        });
        const frames = mediaFrameSource({ cacheDir: join(dir, 'cache') });
        const rows = db.prepare(`SELECT id, sha256, stored_path, duration_s FROM recordings`).all() as {
          id: number;
          sha256: string;
          stored_path: string;
          duration_s: number;
        }[];
        const t = performance.now();
        let next = 0;
        const worker = async () => {
          while (next < rows.length) {
            const r = rows[next++]!;
            await frames.frames({
              recording: { id: r.id, sha256: r.sha256, storedPath: r.stored_path, durationS: r.duration_s },
              count: FRAMES,
              longSide: 768,
              signal: new AbortController().signal,
            });
          }
        };
        await Promise.all(Array.from({ length: Math.max(2, Math.min(4, CONCURRENCY)) }, worker));
        extractions.push(performance.now() - t);
        db.close();
        rmSync(dir, { recursive: true, force: true });
      }
      const dir = mkdtempSync(join(work, 'scoring-'));
      const { db } = openTestDb(dir);
      const { recordingIds } = insertTestRecordings(db, {
        count: RECORDINGS,
        storedPath: clip,
        durationS: 20,
        width: 640,
        height: 360,
        rubricId: 'cpr',
      });
      const provider = parseProviderConfig({
        kind: 'local',
        baseUrl: server.url,
        model: 'bench-model',
        framesPerRequest: FRAMES,
        concurrency: CONCURRENCY,
        timeoutS: 30,
      });
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      const t = performance.now();
      const result = await scoreRecordings(
        { provider, task: 'score', mode: 'full', recordingIds },
        // The capability test a new provider gets before its first batch happens once per server, not per batch: left out here.
        {
          db,
          log: silentLogger,
          actor: 'bench',
          secrets: noSecret,
          frameSource: mediaFrameSource({ cacheDir: join(dir, 'cache') }),
          negotiate: false,
        },
      );
      walls.push(performance.now() - t);
      clearInterval(sampler);
      if (result.status !== 'done')
        throw new Error(
          `scoring batch ended ${result.status}: ${JSON.stringify(result.results.find((r) => r.status !== 'done'))}`,
        );
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    server.stop();
  }
  const extraction = summarise(`frame extraction alone (${RECORDINGS} recordings)`, extractions);
  // The lower bound: the answers cannot come faster than ceil(N/c) rounds of the server's latency,
  // and the last answer comes one latency after the last frames are ready, which is no sooner than
  // extracting them all alone. (The max(rounds x 1 s, extraction) + 1 s is not a lower
  // bound once extraction is quicker than the rounds: a batch finished in 7.5 s against its 8 s.)
  const rounds = Math.ceil(RECORDINGS / CONCURRENCY);
  const bound = summarise(
    `lower bound: max(${rounds} x 1 s, extraction + 1 s)`,
    extractions.map((e) => Math.max(rounds * LATENCY_MS, e + LATENCY_MS)),
  );
  const wall = summarise(`scoring batch (${RECORDINGS} recordings, concurrency ${CONCURRENCY})`, walls);
  const ratio = wall.median / bound.median;
  return withRatios({
    id: 'scoring',
    title: `${RECORDINGS} recordings, ${FRAMES} frames each, server answering after 1 s, concurrency ${CONCURRENCY}`,
    series: [bound, wall, extraction],
    baseline: bound.name,
    target: {
      description: `within 1.15x of the lower bound (${ratio.toFixed(2)}x; the first batch, whose gate starts a lab server at 1 request, ${(walls[0]! / 1000).toFixed(2)} s); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
      met: ratio <= 1.15,
    },
    notes: { peakRssMiB: Math.round(peakRss / 2 ** 20) },
  });
}
