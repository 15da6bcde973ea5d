/**
 * Security review B: a model's parsed answer is stored redacted, like its raw answer. A rationale
 * that repeats an API key (or anything key-shaped) never reaches model_run_answers, whose text the
 * review shows and every bundle carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFor, startFakeOpenAI, type FakeOpenAI } from '../../../tests/support/fake-openai';
import {
  fakeFrameSource,
  FAST_BACKOFF,
  insertTestRecordings,
  openTestDb,
  quietLog,
  testProvider,
} from '../../../tests/support/scoring-fixtures';
import { runAnswer } from '../../../db/queries/model-runs';
import { scoreRecordings } from './jobs';
import { noSecret } from './secrets';

const LEAKED = 'sk-proj-LeakedKey0123456789abcdef';
let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

describe('the parsed answer is redacted before it is stored', () => {
  it('a rationale repeating a key-shaped string is stored as [redacted], in the answer as in the raw reply', async () => {
    const { db } = openTestDb();
    const { recordingIds } = insertTestRecordings(db, { count: 1, rubricId: 'bmv', durationS: 40 });
    server.respondWith((req) => {
      const answer = answerFor(req) as Record<string, { rationale: string }>;
      for (const step of Object.values(answer)) step.rationale = `As the key ${LEAKED} shows, done.`;
      return { kind: 'text', text: JSON.stringify(answer) };
    });
    try {
      const result = await scoreRecordings(
        { provider: testProvider(server.url), task: 'score', mode: 'full', recordingIds },
        {
          db,
          log: quietLog,
          actor: 'test',
          secrets: noSecret,
          frameSource: fakeFrameSource(),
          backoff: FAST_BACKOFF,
          negotiate: false,
        },
      );
      const runId = result.results[0]!.run_id!;
      expect(result.results[0]!.status).toBe('done');
      const stored = runAnswer(db, runId)!;
      for (const step of Object.values(stored.steps)) expect(step.rationale).toBe('As the key [redacted] shows, done.');
      const everything = JSON.stringify(db.prepare('SELECT * FROM model_run_answers').all());
      expect(everything).not.toContain(LEAKED);
    } finally {
      server.respondWith(null);
    }
  });
});
