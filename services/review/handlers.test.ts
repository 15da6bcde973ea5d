import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../backend/dispatcher';
import { createBackendHandlers } from '../backend/handlers';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { builtin, examiner, markAll, seedRecordings, seedSuggestions } from '../../tests/support/review-fixtures';

/** The review calls end to end through the contract: validation, handler, named errors in the envelope. */
describe('review calls', () => {
  it('serve each examiner their own blind view and name what is wrong with a bad mark', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'osce-review-calls-')), 'osce.sqlite');
    const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
    const d = new Dispatcher(createBackendHandlers(ctx), () => undefined, silentLogger);
    try {
      const recordingId = seedRecordings(ctx.db, { rubricId: 'cpr' }).recordingIds[0]!;
      seedSuggestions(ctx.db, recordingId, builtin('cpr'), { model: 'hidden-model' });
      const added = await d.call('addExaminer', [{ name: '  Dr   Ann ' }]);
      expect(added).toMatchObject({ ok: true, value: { name: 'Dr Ann' } });
      const ann = (added as { value: { id: number } }).value.id;
      expect(await d.call('addExaminer', [{ name: 'dr ann' }])).toMatchObject({ ok: true, value: { id: ann } });
      const ben = examiner(ctx.db, 'Dr Ben');

      const bad = await d.call('setStepMark', [
        { recordingId, examinerId: ann, stepId: 'cpr.hand_position', score: 3 },
      ]);
      expect(bad).toMatchObject({ ok: false, error: { name: 'InvalidMark', issues: [{ path: 'cpr.hand_position' }] } });
      expect(await d.call('revealSuggestions', [{ recordingId, examinerId: ann }])).toMatchObject({
        ok: false,
        error: { name: 'IncompleteMarking' },
      });
      expect(
        await d.call('setStepMark', [{ recordingId, examinerId: modelRaterId(), stepId: 'cpr.posture', score: 1 }]),
      ).toMatchObject({
        ok: false,
        error: { name: 'NotAnExaminer' },
      });

      markAll(ctx.db, recordingId, ann, builtin('cpr'), (s) => s.max_points);
      const revealed = await d.call('revealSuggestions', [{ recordingId, examinerId: ann }]);
      expect(JSON.stringify(revealed)).toContain('hidden-model');
      // Ann's reveal is hers alone: Ben is still blind.
      const benView = await d.call('openReview', [{ recordingId, examinerId: ben }]);
      expect(benView).toMatchObject({ ok: true, value: { suggestions: null, hasSuggestions: true } });
      expect(JSON.stringify(benView)).not.toContain('hidden-model');
    } finally {
      close();
    }

    function modelRaterId(): number {
      return ctx.db.prepare(`SELECT id FROM raters WHERE kind = 'model'`).pluck().get() as number;
    }
  });
});
