// TEST-ONLY: the rows a scoring test needs (session, station on a built-in rubric, recordings,
// step spans) inserted directly, a fake frame source, and a provider config for the fake server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openDatabase, type Db } from '../../db/connection';
import { seedBuiltinRubrics } from '../../services/rubrics/seed';
import { CancelledError } from '../../services/core/errors';
import type { FrameSource, ScoringFrame } from '../../services/scoring/engine/frame-source';
import {
  parseProviderConfig,
  type ProviderConfig,
  type ProviderConfigInput,
} from '../../services/scoring/engine/provider';
import { silentLogger } from '../../services/core/log';

export function tempDir(prefix = 'osce-scoring-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A migrated database with the built-in rubrics (CPR, AED, BMV at version 1) stored. */
export function openTestDb(dir = tempDir()): { db: Db; dbPath: string; dir: string } {
  const dbPath = join(dir, 'exam.sqlite');
  const db = openDatabase(dbPath);
  seedBuiltinRubrics(db);
  return { db, dbPath, dir };
}

let counter = 0;

export interface TestRecordingsOptions {
  /** A built-in ('cpr', 'aed', 'bmv') or any rubric id the test stored at version 1. */
  rubricId?: string;
  count?: number;
  /** Every recording may point at the same file: each gets its own (fake) sha256 anyway. */
  storedPath?: string;
  durationS?: number;
  width?: number;
  height?: number;
}

export function insertTestRecordings(
  db: Db,
  o: TestRecordingsOptions = {},
): { sessionId: number; stationId: number; recordingIds: number[] } {
  const n = ++counter;
  const now = new Date().toISOString();
  const tag = `${process.pid}-${n}-${Date.now()}`;
  const sessionId = Number(
    db.prepare('INSERT INTO exam_sessions (name, created_at) VALUES (?, ?)').run(`scoring test ${tag}`, now)
      .lastInsertRowid,
  );
  const stationId = Number(
    db
      .prepare('INSERT INTO stations (session_id, code, rubric_id, rubric_version) VALUES (?, ?, ?, 1)')
      .run(sessionId, `S${n}`, o.rubricId ?? 'bmv').lastInsertRowid,
  );
  const recordingIds: number[] = [];
  for (let i = 0; i < (o.count ?? 1); i++) {
    const sha = createHash('sha256').update(`recording ${tag} ${i}`).digest('hex');
    const info = db
      .prepare(
        `INSERT INTO recordings (sha256, session_id, station_id, original_path, stored_path, storage, size_bytes, duration_s,
           width, height, fps, video_codec, has_audio, imported_at)
         VALUES (?, ?, ?, ?, ?, 'reference', 1000, ?, ?, ?, 25, 'h264', 0, ?)`,
      )
      .run(
        sha,
        sessionId,
        stationId,
        `/exam/candidate-${i}.mp4`,
        o.storedPath ?? `/exam/candidate-${i}.mp4`,
        o.durationS ?? 60,
        o.width ?? 1280,
        o.height ?? 720,
        now,
      );
    recordingIds.push(Number(info.lastInsertRowid));
  }
  return { sessionId, stationId, recordingIds };
}

export function markSpans(
  db: Db,
  recordingId: number,
  spans: { stepId: string; startS: number; endS: number }[],
): void {
  const put = db.prepare(
    `INSERT INTO step_spans (recording_id, step_id, start_s, end_s, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(recording_id, step_id) DO UPDATE SET start_s = excluded.start_s, end_s = excluded.end_s`,
  );
  for (const s of spans) put.run(recordingId, s.stepId, s.startS, s.endS, new Date().toISOString());
}

/** Frames evenly spread over the span, each a small distinct fake JPEG; honours cancellation. */
export function fakeFrameSource(
  o: { delayMs?: number; bytes?: number } = {},
): FrameSource & { calls: { recordingId: number; count: number; fromS?: number; toS?: number }[] } {
  const calls: { recordingId: number; count: number; fromS?: number; toS?: number }[] = [];
  return {
    calls,
    async frames(req) {
      calls.push({
        recordingId: req.recording.id,
        count: req.count,
        ...(req.fromS !== undefined ? { fromS: req.fromS } : {}),
        ...(req.toS !== undefined ? { toS: req.toS } : {}),
      });
      if (o.delayMs) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, o.delayMs);
          req.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              reject(new CancelledError());
            },
            { once: true },
          );
        });
      }
      if (req.signal.aborted) throw new CancelledError();
      const from = req.fromS ?? 0;
      const to = req.toS ?? req.recording.durationS;
      const frames: ScoringFrame[] = Array.from({ length: req.count }, (_, i) => {
        const jpeg = Buffer.alloc(o.bytes ?? 64, i + 1);
        jpeg[0] = 0xff;
        jpeg[1] = 0xd8;
        return { timestampS: Math.round((from + ((i + 0.5) * (to - from)) / req.count) * 1000) / 1000, jpeg };
      });
      return { frames, method: 'fake' };
    },
  };
}

/** Faces are not masked unless a test asks: the fake frames are not pictures. */
export function testProvider(baseUrl: string, overrides: Partial<ProviderConfigInput> = {}): ProviderConfig {
  return parseProviderConfig({
    kind: 'local',
    baseUrl,
    model: 'fake-vision',
    framesPerRequest: 4,
    timeoutS: 10,
    concurrency: 2,
    maskFaces: false,
    ...overrides,
  });
}

/** Backoff fast enough for tests, still exercising the retry path. */
export const FAST_BACKOFF = { maxRetries: 3, baseMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1500 };

export const quietLog = silentLogger;
