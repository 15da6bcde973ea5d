/**
 * Face masking in a real batch: frames of photographs of people go through scoring to a local
 * test server that keeps the images it receives, and the detector is run again on what arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb, framesWithPeople, sameFace } from '../../../tests/support/face-photos';
import { startFakeOpenAI, type FakeOpenAI } from '../../../tests/support/fake-openai';
import { loadFaceDetector, type FaceBox, type FaceDetector } from '../../media/face-masking';
import type { FrameSource, ScoringFrame } from './frame-source';
import { scoreRecordings } from './jobs';
import { envSecretSource, noSecret } from './secrets';
import { listSentFrames } from './sent-frames-store';
import {
  FAST_BACKOFF,
  insertTestRecordings,
  openTestDb,
  quietLog,
  testProvider,
} from '../../../tests/support/scoring-fixtures';

const CLEAR = 0.5;
let server: FakeOpenAI;
let detector: FaceDetector;
let originals: Buffer[];
beforeAll(async () => {
  server = await startFakeOpenAI({ keepImages: true });
  detector = await loadFaceDetector();
  originals = [await framesWithPeople(1.3), await framesWithPeople(1.5)];
}, 30_000);
afterAll(() => server.close());

/** Two frames of photographs of people, the same for every recording. */
const photoFrames: FrameSource = {
  async frames() {
    const frames: ScoringFrame[] = originals.map((jpeg, i) => ({ timestampS: 5 + 10 * i, jpeg }));
    return { frames, method: 'photos' };
  },
};

async function clearFaces(jpeg: Buffer): Promise<FaceBox[]> {
  return (await detector.detect(await decodeRgb(jpeg))).filter((f) => f.score >= CLEAR);
}

function fromDataUrl(url: string): Buffer {
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

describe('frames sent to an API provider', () => {
  it('have every face that was detected in the original masked, and are stored with the run exactly as sent', async () => {
    const { db } = openTestDb();
    const { recordingIds } = insertTestRecordings(db, { count: 1, durationS: 20 });
    const before = server.chatRequests().length;
    // An API-kind provider masks faces by default.
    const provider = testProvider(server.url, { kind: 'api', framesPerRequest: 2, maskFaces: undefined });
    expect(provider.maskFaces).toBe(true);
    const result = await scoreRecordings(
      { provider, task: 'score', mode: 'full', recordingIds },
      {
        db,
        log: quietLog,
        actor: 'test',
        secrets: envSecretSource({ K: 'sk-masking-test-0001' }, 'K'),
        frameSource: photoFrames,
        backoff: FAST_BACKOFF,
      },
    );
    expect(result.status).toBe('done');
    const request = server
      .chatRequests()
      .slice(before)
      .find((r) => r.imageCount === 2)!;
    const sent = request.images!;
    expect(sent).toHaveLength(2);
    for (const [i, original] of originals.entries()) {
      const faces = await clearFaces(original);
      expect(faces.length).toBeGreaterThanOrEqual(4);
      expect(sent[i]!.equals(original)).toBe(false);
      const after = await clearFaces(sent[i]!);
      expect(faces.filter((f) => after.some((d) => sameFace(f, d)))).toEqual([]);
    }
    const runId = result.results[0]!.run_id!;
    const stored = listSentFrames(db, runId);
    expect(stored.map((f) => [f.position, f.timestampS, f.stepId])).toEqual([
      [0, 5, null],
      [1, 15, null],
    ]);
    expect(stored.map((f) => fromDataUrl(f.dataUrl).equals(sent[f.position]!))).toEqual([true, true]);
    expect(stored.every((f) => f.maskedRegions > 0)).toBe(true);
    // The run records that faces were masked, in its frame spec (part of its key) and in the audit of the request.
    expect(
      JSON.parse(db.prepare('SELECT frame_spec FROM model_runs WHERE id = ?').pluck().get(runId) as string),
    ).toMatchObject({ maskFaces: true });
    const audit = JSON.parse(
      db.prepare(`SELECT after FROM audit_events WHERE action = 'model_request'`).pluck().get() as string,
    );
    expect(audit).toMatchObject({ faces_masked: true });
  }, 30_000);

  it('are sent and stored as they are when masking is off', async () => {
    const { db } = openTestDb();
    const { recordingIds } = insertTestRecordings(db, { count: 1, durationS: 20 });
    const before = server.chatRequests().length;
    const result = await scoreRecordings(
      { provider: testProvider(server.url, { framesPerRequest: 2 }), task: 'score', mode: 'full', recordingIds },
      {
        db,
        log: quietLog,
        actor: 'test',
        secrets: noSecret,
        frameSource: photoFrames,
        backoff: FAST_BACKOFF,
        negotiate: false,
      },
    );
    const sent = server
      .chatRequests()
      .slice(before)
      .find((r) => r.imageCount === 2)!.images!;
    expect(sent.map((b, i) => b.equals(originals[i]!))).toEqual([true, true]);
    const stored = listSentFrames(db, result.results[0]!.run_id!);
    expect(stored.map((f) => [fromDataUrl(f.dataUrl).equals(originals[f.position]!), f.maskedRegions])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });
});
