import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../../tests/support/fake-openai';
import { makeTestRecording, testMediaBinaries } from '../../../tests/support/test-media';
import type { Db } from '../../../db/connection';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { isSpoken } from '../../../domain/rubric/spoken';
import { mediaAudioSource } from './audio-source';
import { AudioNotAcceptedError } from './errors';
import { scoreRecordings, type ScoreRequest } from './jobs';
import { NOT_ASSESSABLE_FROM_VIDEO } from './runs-store';
import { noSecret } from './secrets';
import {
  FAST_BACKOFF,
  fakeFrameSource,
  insertTestRecordings,
  markSpans,
  openTestDb,
  quietLog,
  tempDir,
  testProvider,
} from '../../../tests/support/scoring-fixtures';

const cpr = builtinRubric('cpr')!;
const spoken = cpr.steps.filter(isSpoken).map((s) => s.id);
let withSound: string;
let server: FakeOpenAI;
let silentServer: FakeOpenAI;

beforeAll(async () => {
  withSound = await makeTestRecording(tempDir('osce-audio-scoring-'), 'mp4-h264-aac', { durationS: 4 });
  server = await startFakeOpenAI();
  silentServer = await startFakeOpenAI({ profile: { noAudio: true } });
}, 60_000);
afterAll(async () => {
  await server.close();
  await silentServer.close();
});

/** One CPR recording: the generated file with its sine-tone sound track. */
function setup(): { db: Db; recordingId: number } {
  const { db } = openTestDb();
  const { recordingIds } = insertTestRecordings(db, { rubricId: 'cpr', storedPath: withSound, durationS: 4 });
  db.prepare('UPDATE recordings SET has_audio = 1 WHERE id = ?').run(recordingIds[0]);
  return { db, recordingId: recordingIds[0]! };
}

function score(db: Db, on: FakeOpenAI, recordingId: number, req: Partial<ScoreRequest> = {}) {
  return scoreRecordings(
    { provider: testProvider(on.url), task: 'score', mode: 'full', recordingIds: [recordingId], ...req },
    {
      db,
      log: quietLog,
      actor: 'test',
      secrets: noSecret,
      frameSource: fakeFrameSource(),
      audioSource: mediaAudioSource({ binaries: testMediaBinaries }),
      backoff: FAST_BACKOFF,
    },
  );
}

/** The scoring requests (not the tiny capability tests, which carry no rubric). */
const scoringRequests = (on: FakeOpenAI, from: number) =>
  on
    .chatRequests()
    .slice(from)
    .filter((r) => r.texts.some((t) => t.includes('Station:')));

type Part = { type: string; input_audio?: { data: string; format: string } };
const audioParts = (r: RecordedRequest) =>
  ((r.body.messages as { content: unknown }[])[1]!.content as Part[]).filter((p) => p.type === 'input_audio');

const schemaSteps = (r: RecordedRequest) =>
  Object.keys(
    (r.responseFormat as { json_schema: { schema: { properties: Record<string, unknown> } } }).json_schema.schema
      .properties,
  );

describe('audio', () => {
  it('goes to a model configuration that takes audio as an input_audio part, with what to listen for', async () => {
    const { db, recordingId } = setup();
    const before = server.chatRequests().length;
    const r = await score(db, server, recordingId, { audio: true });
    expect(r.results[0]).toMatchObject({ status: 'done' });

    const [req] = scoringRequests(server, before);
    expect(req!.audioCount).toBe(1);
    const part = audioParts(req!)[0]!;
    expect(part.input_audio!.format).toBe('wav');
    const wav = Buffer.from(part.input_audio!.data, 'base64');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.length).toBeGreaterThan(3 * 32_000); // about 4 s of 16 kHz mono samples
    const text = req!.texts.join('\n');
    expect(text).toContain('Audio from 0.0 s to 4.0 s:');
    expect(text).toContain('You also hear the audio of the whole recording');
    expect(text).toContain('- cpr.scene_safety (Scene safety): the candidate stating aloud that the scene is safe');
    expect(text).not.toContain('not assessable from video');
    expect(schemaSteps(req!)).toHaveLength(19);

    // The run records that audio was sent, and the configuration is another one than without audio.
    const run = db.prepare('SELECT frame_spec, rater_id FROM model_runs WHERE id = ?').get(r.results[0]!.run_id) as {
      frame_spec: string;
      rater_id: number;
    };
    expect(JSON.parse(run.frame_spec)).toMatchObject({ audio: true });
    expect(
      JSON.parse(db.prepare('SELECT config FROM raters WHERE id = ?').pluck().get(run.rater_id) as string),
    ).toMatchObject({
      audio: true,
    });
    const audited = db
      .prepare(`SELECT after FROM audit_events WHERE action = 'model_request' ORDER BY seq DESC`)
      .pluck()
      .get() as string;
    expect(JSON.parse(audited).audio_bytes).toBe(wav.length);
  });

  it('sends no audio to a configuration without it, and asks the spoken steps as not assessable from video', async () => {
    const { db, recordingId } = setup();
    const before = silentServer.chatRequests().length;
    const r = await score(db, silentServer, recordingId);
    expect(r.results[0]).toMatchObject({ status: 'done' });

    const [req] = scoringRequests(silentServer, before);
    expect(req!.audioCount).toBe(0);
    const text = req!.texts.join('\n');
    expect(text).toContain('so they are not assessable from video');
    for (const id of spoken) expect(text).toContain(`- ${id} (`);
    // They are not asked: the answer has the 10 other steps only.
    expect(schemaSteps(req!).sort()).toEqual(
      cpr.steps
        .filter((s) => !isSpoken(s))
        .map((s) => s.id)
        .sort(),
    );

    // Stored as not assessable, with the reason: never a 0 the model did not give.
    const rows = db
      .prepare(`SELECT step_id, score, not_assessable, not_assessable_reason FROM step_scores WHERE source = 'model'`)
      .all() as { step_id: string; score: number | null; not_assessable: number; not_assessable_reason: string }[];
    const unheard = rows.filter((x) => x.not_assessable === 1);
    expect(unheard.map((x) => x.step_id).sort()).toEqual([...spoken].sort());
    expect(unheard.every((x) => x.score === null && x.not_assessable_reason === NOT_ASSESSABLE_FROM_VIDEO)).toBe(true);
    expect(rows.filter((x) => x.not_assessable === 0)).toHaveLength(10);
    const run = db.prepare('SELECT frame_spec, reason FROM model_runs WHERE id = ?').get(r.results[0]!.run_id) as {
      frame_spec: string;
      reason: string;
    };
    expect(JSON.parse(run.frame_spec).audio).toBeUndefined();
    expect(run.reason).toMatch(/^not assessable from video \(no audio sent\): cpr\.scene_safety/);
  });

  it('is refused before anything is sent when the server does not take audio', async () => {
    const { db, recordingId } = setup();
    const before = silentServer.chatRequests().length;
    await expect(score(db, silentServer, recordingId, { audio: true })).rejects.toBeInstanceOf(AudioNotAcceptedError);
    expect(scoringRequests(silentServer, before)).toHaveLength(0);
    expect(db.prepare('SELECT count(*) FROM model_runs').pluck().get()).toBe(0);
  });

  it("goes with each step's clip in clip mode; without audio, a spoken step's clip is not sent at all", async () => {
    const { db, recordingId } = setup();
    markSpans(db, recordingId, [
      { stepId: 'cpr.scene_safety', startS: 0, endS: 1.5 },
      { stepId: 'cpr.hand_position', startS: 1.5, endS: 3.5 },
    ]);
    let before = server.chatRequests().length;
    await score(db, server, recordingId, { mode: 'clips', audio: true });
    const heard = scoringRequests(server, before);
    expect(heard.map((r) => r.audioCount)).toEqual([1, 1]);
    expect(heard.map((r) => r.texts.find((t) => t.startsWith('Audio from')))).toEqual([
      'Audio from 0.0 s to 1.5 s:',
      'Audio from 1.5 s to 3.5 s:',
    ]);

    before = silentServer.chatRequests().length;
    await score(db, silentServer, recordingId, { mode: 'clips' });
    const silent = scoringRequests(silentServer, before);
    expect(silent).toHaveLength(1);
    expect(schemaSteps(silent[0]!)).toEqual(['cpr.hand_position']);
    expect(silent[0]!.audioCount).toBe(0);
  });
});
