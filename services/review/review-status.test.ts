/**
 * The stored review status must equal the status computed from the marks after every kind of
 * write, read straight from the table (no refresh in between), so the review list's status filter
 * can never show a recording under a status it no longer has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection';
import { storedReviewStatuses } from '../../db/queries/review-status';
import { builtinRubric } from '../../domain/rubric/builtin';
import { startFakeOpenAI, type FakeOpenAI } from '../../tests/support/fake-openai';
import { FAST_BACKOFF, fakeFrameSource, quietLog, testProvider } from '../../tests/support/scoring-fixtures';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { workstationId } from '../core/workstation';
import { decideConflict, exportBundle, importBundle } from '../bundles';
import { generateDemoLabels } from '../demo/labels';
import { backupDatabase, recordRestore, restoreDatabase } from '../integrity/backup';
import { loadFileKeys } from '../integrity/keys';
import { importExaminerMarks } from '../label-import/marks';
import { importModelPredictions } from '../label-import/predictions';
import { noSecret, scoreRecordings } from '../scoring/engine';
import { adjudicateStep } from './double';
import { addExaminer } from './examiners';
import { loadRecordingFinals } from './final-scores';
import { setStepMark, submitMarking } from './marking';
import { listReviewRecordings } from './review-list';

const cpr = builtinRubric('cpr')!;
const now = '2026-11-20T09:00:00.000Z';
const sha = (n: number) => createHash('sha256').update(`status-recording-${n}`).digest('hex');
const RECORDINGS = 6;

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

function workstation(dir: string, name: string) {
  const dbPath = join(dir, `${name}.sqlite`);
  const opened = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const db = opened.ctx.db;
  db.prepare(`INSERT INTO exam_sessions (name, exam_date, created_at) VALUES ('Spring OSCE', '2026-11-20', ?)`).run(
    now,
  );
  db.prepare(`INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (1, 'cpr', 'cpr', 1)`).run();
  for (let i = 1; i <= RECORDINGS; i++) {
    db.prepare(
      `INSERT INTO recordings (sha256, session_id, station_id, original_path, stored_path, storage, size_bytes,
        duration_s, width, height, video_codec, has_audio, imported_at)
       VALUES (?, 1, 1, ?, ?, 'reference', 1000, 90, 1280, 720, 'h264', 1, ?)`,
    ).run(sha(i), `/videos/cand ${i}.mp4`, `/videos/cand ${i}.mp4`, now);
  }
  return { ...opened, dbPath, db };
}

/** Stored equals recomputed for every recording, and nothing is left stale. */
function expectFresh(db: Db): Record<number, string | null> {
  const stored = Object.fromEntries(storedReviewStatuses(db));
  const computed = Object.fromEntries([...loadRecordingFinals(db)].map(([id, f]) => [id, f.status]));
  expect(stored).toEqual(computed);
  return stored;
}

function markAll(db: Db, recordingId: number, examinerId: number, score: (i: number) => number): void {
  cpr.steps.forEach((step, i) => setStepMark(db, { recordingId, examinerId, stepId: step.id, score: score(i) }));
}

const full = (i: number) => cpr.steps[i]!.max_points;
const lowFirst = (i: number) => (i === 0 ? 0 : cpr.steps[i]!.max_points);

describe('stored review status', () => {
  it('equals the recomputed status after every kind of write, a bundle merge and a restore included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-status-'));
    const a = workstation(dir, 'a');
    const db = a.db;
    expect(expectFresh(db)[1]).toBe('unmarked');

    // Marking in progress, then submitted.
    const ann = addExaminer(db, 'Dr Ann', 't').id;
    markAll(db, 1, ann, full);
    expect(expectFresh(db)[1]).toBe('unmarked');
    submitMarking(db, { recordingId: 1, examinerId: ann });
    expect(expectFresh(db)[1]).toBe('marked_by_one');

    // A second examiner who differs on one step, then an adjudication.
    const ben = addExaminer(db, 'Dr Ben', 't').id;
    markAll(db, 1, ben, lowFirst);
    submitMarking(db, { recordingId: 1, examinerId: ben });
    expect(expectFresh(db)[1]).toBe('disagreement');
    const cat = addExaminer(db, 'Dr Cat', 't').id;
    adjudicateStep(db, { recordingId: 1, examinerId: cat, stepId: cpr.steps[0]!.id, finalScore: 0, reason: 'video' });
    expect(expectFresh(db)[1]).toBe('final');

    // A change after submit (with its reason) undoes the agreement on another step.
    setStepMark(db, { recordingId: 1, examinerId: ben, stepId: cpr.steps[1]!.id, score: 0, changeReason: 'recount' });
    expect(expectFresh(db)[1]).toBe('disagreement');

    // A model's suggestion from a scoring batch.
    const batch = await scoreRecordings(
      { provider: testProvider(server.url), task: 'score', mode: 'full', recordingIds: [2] },
      {
        db,
        log: quietLog,
        actor: 't',
        secrets: noSecret,
        frameSource: fakeFrameSource(),
        backoff: FAST_BACKOFF,
        negotiate: false,
      },
    );
    expect(batch.status).toBe('done');
    expect(expectFresh(db)[2]).toBe('suggestions_ready');

    // Predictions and marks made elsewhere.
    const predictions = ['recording_id,step_id,score', ...cpr.steps.map((s) => `3,${s.id},${s.max_points}`)];
    importModelPredictions(db, predictions.join('\n'), 'predictions.csv', {
      model: 'other-model',
      actor: 't',
      declared: { task: 'score', mode: 'full' },
    });
    expect(expectFresh(db)[3]).toBe('suggestions_ready');
    const marks = ['recording_id,step_id,rater,score', ...cpr.steps.map((s) => `4,${s.id},Dr Paper,${s.max_points}`)];
    importExaminerMarks(db, marks.join('\n'), 'marks.csv', { actor: 't' });
    expect(expectFresh(db)[4]).toBe('marked_by_one');

    // A bundle from another workstation: a new examiner's marking, and the same examiner's different mark (a conflict).
    const b = workstation(dir, 'b');
    const dan = addExaminer(b.db, 'Dr Dan', 't').id;
    markAll(b.db, 5, dan, full);
    submitMarking(b.db, { recordingId: 5, examinerId: dan });
    const annThere = addExaminer(b.db, 'Dr Ann', 't').id;
    markAll(b.db, 1, annThere, (i) => (i === 1 ? 0 : full(i)));
    submitMarking(b.db, { recordingId: 1, examinerId: annThere });
    const bundle = exportBundle(b.db, {
      session: 'Spring OSCE',
      out: join(dir, 'b.bundle'),
      workstation: workstationId(b.db),
      actor: 't',
      keys: b.ctx.keys,
    });
    const merged = importBundle(db, bundle.file, {
      libraryDir: a.ctx.libraryDir,
      actor: 't',
      keys: a.ctx.keys,
      trust: true,
    });
    expect(expectFresh(db)[5]).toBe('marked_by_one');
    const conflict = merged.conflicts.find((c) => c.kind === 'step_score');
    expect(conflict).toBeDefined();
    decideConflict(db, conflict!.id, 'take-incoming', 'Dr Ann confirmed the recount', 'lead');
    expect(expectFresh(db)[1]).toBe('final');

    // The demo's session of marks, double marks and adjudications.
    generateDemoLabels(db, { candidates: 4, session: 'Demo day' });
    const afterDemo = expectFresh(db);
    expect(new Set(Object.values(afterDemo))).toContain('double_marked');

    // A restore: the backup's marks decide, even when the file says otherwise about the statuses.
    const backup = join(dir, 'backup.sqlite');
    await backupDatabase(db, backup, a.ctx.keys);
    const forged = new Database(backup);
    forged.prepare(`UPDATE recording_review_status SET status = 'final' WHERE recording_id = 6`).run();
    forged.close();
    markAll(db, 6, ann, full);
    submitMarking(db, { recordingId: 6, examinerId: ann });
    expect(expectFresh(db)[6]).toBe('marked_by_one');
    a.close();
    b.close();
    const restored = await restoreDatabase(a.dbPath, backup, { keys: loadFileKeys(a.dbPath) });
    recordRestore(a.dbPath, { from: backup, keptAside: restored.keptAside, contentHash: restored.contentHash }, 't');
    const again = openServiceContext({ dbPath: a.dbPath, appVersion: 'test', logger: silentLogger });
    try {
      expect(expectFresh(again.ctx.db)[6]).toBe('unmarked');
      expect(listReviewRecordings(again.ctx.db, { status: 'final' }).items.map((r) => r.id)).toContain(1);
    } finally {
      again.close();
    }
  });

  it('is computed for a database from before the status was stored, before the list reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-status-'));
    const a = workstation(dir, 'old');
    const ann = addExaminer(a.db, 'Dr Ann', 't').id;
    markAll(a.db, 2, ann, full);
    submitMarking(a.db, { recordingId: 2, examinerId: ann });
    // What the migration leaves: every status stale.
    a.db.prepare('UPDATE recording_review_status SET status = NULL').run();
    const list = listReviewRecordings(a.db, { status: 'marked_by_one' });
    expect(list.items.map((r) => r.id)).toEqual([2]);
    expect(list.total).toBe(1);
    expectFresh(a.db);
    a.close();
  });
});
