import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import type { Db } from '../../db/connection';
import { builtinRubric } from '../../domain/rubric/builtin';
import { listReviewRecordings, openReview, submitMarking } from '../../services/review';
import { examiner, markAll, openReviewTestDb, seedRecordings } from '../../tests/support/review-fixtures';
import { startBridge } from '../../tests/bridge/server';
import { summarise, type CaseResult, type Series } from '../lib';

const N = 10_000;
const codes = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/** 10,000 recordings over three stations, 400 of them double-marked (a realistic status mix). */
function seed(dir: string): { db: Db; dbPath: string; examinerId: number; ids: number[] } {
  const { db, dbPath } = openReviewTestDb(dir);
  const cpr = seedRecordings(db, {
    rubricId: 'cpr',
    sessionName: 'Year 3 spring',
    stationCode: 'CPR-1',
    candidates: codes('S', 6000),
  });
  seedRecordings(db, { rubricId: 'aed', sessionId: cpr.sessionId, stationCode: 'AED-2', candidates: codes('T', 3000) });
  seedRecordings(db, {
    rubricId: 'bmv',
    sessionName: 'Year 4 autumn',
    stationCode: 'BMV-3',
    candidates: codes('U', 1000),
  });
  const a = examiner(db, 'Dr Ann Adams');
  const b = examiner(db, 'Dr Ben Brown');
  const rubric = builtinRubric('cpr')!;
  for (const id of cpr.recordingIds.slice(0, 400)) {
    markAll(db, id, a, rubric, (s) => s.max_points);
    submitMarking(db, { recordingId: id, examinerId: a });
    markAll(db, id, b, rubric, (s, i) => (i % 7 === 0 ? 0 : s.max_points));
    submitMarking(db, { recordingId: id, examinerId: b });
  }
  const ids = db.prepare('SELECT id FROM recordings ORDER BY id').pluck().all() as number[];
  if (ids.length !== N) throw new Error(`seeded ${ids.length} recordings, expected ${N}`);
  return { db, dbPath, examinerId: a, ids };
}

function timed(name: string, runs: number, fn: (i: number) => unknown): Series {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    samples.push(performance.now() - t);
  }
  return summarise(name, samples);
}

/** Case 5: with 10,000 recordings, the list query and opening one for review (p95 < 20 ms), and the review screen's first paint in Chromium. */
export async function reviewCase(work: string, runs: number): Promise<CaseResult> {
  const dir = join(work, 'review-db');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { db, dbPath, examinerId, ids } = seed(dir);
  const n = Math.max(20, runs * 10);
  const list = timed('list query: first page of 10,000', n, () => listReviewRecordings(db, { examinerId, limit: 100 }));
  const listFiltered = timed('list query: status filter (disagreement)', Math.ceil(n / 4), () =>
    listReviewRecordings(db, { examinerId, limit: 100, status: 'disagreement' }),
  );
  const open = timed('open one recording for review', n, (i) =>
    openReview(db, { recordingId: ids[(i * 7919) % ids.length]!, examinerId }),
  );
  db.close();

  if (!existsSync(resolve(import.meta.dirname, '..', '..', 'dist', 'renderer', 'index.html'))) {
    spawnSync(process.execPath, [resolve(import.meta.dirname, '..', '..', 'scripts', 'build.mjs')], {
      stdio: 'inherit',
    });
  }
  const bridge = await startBridge({ dbPath });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const fcp: number[] = [];
  const reviewShown: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.addInitScript(bridge.initScript);
      await page.goto(bridge.url);
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();
      fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      await page.getByRole('button', { name: 'Review', exact: true }).click();
      await page.getByLabel('Examiner name').fill('Dr Ann Adams');
      await page.getByLabel('Examiner name').press('Enter');
      const row = page.getByTestId('recording-queue').getByRole('option').first();
      await row.waitFor();
      // From the click on a recording to the review screen painted (measured in the page).
      // These callbacks run in the page (bench/ is type-checked without DOM types, hence globalThis).
      await page.evaluate(() => {
        (globalThis as unknown as { __t0: number }).__t0 = performance.now();
      });
      await row.click();
      await page.getByTestId('review-screen').waitFor();
      reviewShown.push(
        await page.evaluate(
          () =>
            new Promise<number>((res) => {
              const g = globalThis as unknown as { __t0: number; requestAnimationFrame(cb: () => void): number };
              g.requestAnimationFrame(() => res(performance.now() - g.__t0));
            }),
        ),
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await bridge.stop();
  }
  const fcpSeries = summarise('renderer first contentful paint (app shell)', fcp);
  const shown = summarise('review screen painted after choosing a recording', reviewShown);
  const met = list.p95 < 20 && open.p95 < 20;
  return {
    id: 'review',
    title: `Review with ${N.toLocaleString('en')} recordings in the database`,
    series: [list, listFiltered, open, fcpSeries, shown],
    target: {
      description: `p95 under 20 ms: list ${list.p95.toFixed(1)} ms, open ${open.p95.toFixed(1)} ms (status-filtered list p95 ${listFiltered.p95.toFixed(0)} ms, reported)`,
      met,
    },
  };
}
