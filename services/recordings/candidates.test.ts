import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLab, type Lab } from '../../tests/support/lab';
import { listFeedbackCandidates } from '../reports/exports';
import { verifyAudit } from '../integrity/audit';
import { setRecordingCandidate } from './candidates';

let lab: Lab;
let ids: number[];
beforeEach(() => {
  lab = openLab();
  const session = lab.session('Year 3 OSCE');
  const station = lab.station(session, 'CPR', 'cpr');
  ids = [
    lab.recording({ session, station }),
    lab.recording({ session, station }),
    lab.recording({ session, station, candidate: 'C-7' }),
  ];
});
afterEach(() => lab.close());

const audits = () =>
  lab.ctx.db
    .prepare(
      `SELECT actor, action, entity, entity_id, before, after FROM audit_events WHERE action = 'set_candidate' ORDER BY seq`,
    )
    .all();

describe('changing candidates after import', () => {
  it('sets one code on several recordings, auditing each change with the old and new code', () => {
    expect(setRecordingCandidate(lab.ctx.db, { recordingIds: ids, candidate: ' C-7 ' }, 'Dr Lee')).toEqual({
      changed: 2,
      unchanged: 1,
    });
    expect(audits()).toEqual([
      {
        actor: 'Dr Lee',
        action: 'set_candidate',
        entity: 'recording',
        entity_id: String(ids[0]),
        before: '{"candidate":null}',
        after: '{"candidate":"C-7"}',
      },
      {
        actor: 'Dr Lee',
        action: 'set_candidate',
        entity: 'recording',
        entity_id: String(ids[1]),
        before: '{"candidate":null}',
        after: '{"candidate":"C-7"}',
      },
    ]);
    expect(listFeedbackCandidates(lab.ctx.db)).toEqual([{ code: 'C-7', recordings: 3 }]);
    expect(verifyAudit(lab.ctx.db).ok).toBe(true);

    setRecordingCandidate(lab.ctx.db, { recordingIds: [ids[2]!], candidate: null }, 'Dr Lee');
    expect(audits().at(-1)).toMatchObject({ before: '{"candidate":"C-7"}', after: '{"candidate":null}' });
  });

  it('refuses a code the name rule refuses, or an unknown recording, and changes nothing', () => {
    const before = audits().length;
    expect(() => setRecordingCandidate(lab.ctx.db, { recordingIds: [ids[0]!], candidate: 'C\u001b[2J' }, 'x')).toThrow(
      'candidate code contains control characters',
    );
    expect(() =>
      setRecordingCandidate(lab.ctx.db, { recordingIds: [ids[0]!], candidate: 'x'.repeat(65) }, 'x'),
    ).toThrow('candidate code is longer than 64 characters');
    expect(() => setRecordingCandidate(lab.ctx.db, { recordingIds: [ids[0]!, 999], candidate: 'C-1' }, 'x')).toThrow(
      'no recording #999',
    );
    expect(audits()).toHaveLength(before);
    expect(lab.ctx.db.prepare('SELECT count(*) FROM recordings WHERE candidate_id IS NOT NULL').pluck().get()).toBe(1);
  });
});
