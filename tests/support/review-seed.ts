// TEST-ONLY: seeds an e2e test's database (before the app opens it) with review data: recordings
// whose tiny generated video sits in the media library, model suggestions, examiners and marks.
// Runs under tsx (tests/e2e/seed-review.ts), because Playwright's loader cannot import the rubric
// JSON files the services read.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, type Db } from '../../db/connection';
import { testMediaBinaries } from './test-media';
import {
  builtin,
  examiner,
  openReviewTestDb,
  seedRecordings,
  seedSuggestions,
  type SeedOptions,
  type SuggestionSeed,
} from './review-fixtures';

import { markAll } from './review-fixtures';
import { submitMarking } from '../../services/review/marking';
import { MODEL, RATIONALE, VIDEO_SECONDS, type ReviewScenario } from './review-constants';

/**
 * A 6 s 160x90 VP8 clip (a few kB), made once per test worker. VP8 because every Chromium build
 * plays it; a moving test pattern so a seek lands on a visibly different frame.
 */
export function tinyVideo(): string {
  const file = join(tmpdir(), `osce-review-e2e-${process.pid}.webm`);
  if (!existsSync(file)) {
    execFileSync(testMediaBinaries().ffmpeg, [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=160x90:rate=25:duration=${VIDEO_SECONDS}`,
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '100k',
      '-g',
      '25',
      file,
    ]);
  }
  return file;
}

/** Opens the test's database (created and migrated), runs `fill`, and closes it before the app starts. */
export function withDb<T>(dataDir: string, fill: (db: Db) => T): T {
  const { db } = openReviewTestDb(dataDir);
  try {
    return fill(db);
  } finally {
    closeDatabase(db);
  }
}

/** Recordings as seedRecordings makes them, each with the tiny video copied to its stored path in the library. */
export function seedPlayableRecordings(db: Db, dataDir: string, o: SeedOptions): number[] {
  const library = join(dataDir, 'library');
  const ids = seedRecordings(db, { durationS: VIDEO_SECONDS, storedDir: library, ...o }).recordingIds;
  mkdirSync(library, { recursive: true });
  const video = tinyVideo();
  for (const id of ids) {
    const stored = db.prepare('SELECT stored_path FROM recordings WHERE id = ?').pluck().get(id) as string;
    copyFileSync(video, stored);
    // The player serves an original only at the size recorded at import.
    db.prepare('UPDATE recordings SET size_bytes = ? WHERE id = ?').run(statSync(stored).size, id);
  }
  return ids;
}

const cpr = builtin('cpr');
const bmv = builtin('bmv');

/** The data each review spec starts from; returns the ids the spec needs. */
export function seedScenario(dataDir: string, scenario: ReviewScenario): Record<string, unknown> {
  return withDb(dataDir, (db) => {
    switch (scenario) {
      case 'blind': {
        const [id] = seedPlayableRecordings(db, dataDir, { rubricId: 'cpr', candidates: ['C-001'] });
        seedSuggestions(
          db,
          id!,
          cpr,
          suggestionSeed(
            (s) => s.allowed_scores[0]!,
            (_s, i) => [0.5 + (i % 5)],
          ),
        );
        return { recordingId: id };
      }
      case 'keyboard':
        return { recordingId: seedPlayableRecordings(db, dataDir, { rubricId: 'cpr', candidates: ['K-7'] })[0] };
      case 'evidence': {
        const [id] = seedPlayableRecordings(db, dataDir, { rubricId: 'bmv', candidates: ['E-1'], blindFirst: false });
        seedSuggestions(
          db,
          id!,
          bmv,
          suggestionSeed(
            (s) => s.max_points,
            (_s, i) => (i === 0 ? [3.5, 1.2] : [4]),
          ),
        );
        return { recordingId: id };
      }
      case 'double': {
        // Ann has already marked (full marks) and submitted; the spec marks as Ben, then adjudicates as Cleo.
        const [id] = seedPlayableRecordings(db, dataDir, { rubricId: 'bmv', candidates: ['D-1'] });
        const ann = examiner(db, 'Dr Ann Adams');
        markAll(db, id!, ann, bmv, (s) => s.max_points);
        submitMarking(db, { recordingId: id!, examinerId: ann });
        return { recordingId: id, ann };
      }
      case 'queue':
        return seedQueue(db);
      case 'throughput': {
        // Listed newest first: T-1, U-1, T-2. A candidate filter "T" leaves U-1 out of the queue.
        const [t2, u1, t1] = seedPlayableRecordings(db, dataDir, {
          rubricId: 'cpr',
          candidates: ['T-2', 'U-1', 'T-1'],
        });
        return { t1, u1, t2 };
      }
    }
  });
}

function suggestionSeed(score: SuggestionSeed['score'], evidenceS: SuggestionSeed['evidenceS']): SuggestionSeed {
  return { model: MODEL, score, evidenceS, rationale: (s) => `${RATIONALE} "${s.title}" only partly.` };
}

/** 10,000 recordings over two sessions and three stations, one with suggestions and one marked. */
function seedQueue(db: Db): Record<string, unknown> {
  const code = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  const { sessionId } = seedRecordings(db, {
    rubricId: 'cpr',
    sessionName: 'Year 3 spring',
    stationCode: 'CPR-1',
    candidates: code('S', 6000),
  });
  seedRecordings(db, { rubricId: 'aed', sessionId, stationCode: 'AED-2', candidates: code('T', 3000) });
  const bmvIds = seedRecordings(db, {
    rubricId: 'bmv',
    sessionName: 'Year 4 autumn',
    stationCode: 'BMV-3',
    candidates: code('U', 1000),
  }).recordingIds;
  seedSuggestions(db, bmvIds[10]!, bmv, { model: MODEL });
  const ann = examiner(db, 'Dr Ann Adams');
  markAll(db, bmvIds[20]!, ann, bmv, (s) => s.max_points);
  submitMarking(db, { recordingId: bmvIds[20]!, examinerId: ann });
  return { suggested: bmvIds[10], marked: bmvIds[20] };
}
