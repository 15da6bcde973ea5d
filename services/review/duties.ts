/**
 * Separation of duties in double marking: an examiner who marked a recording never adjudicates
 * it (their own disagreement would be settled in their own favour). The adjudicator is a third
 * examiner or, when a session names lead examiners, one of them. The rule lives here, in the
 * service every host calls, so hiding the controls in the UI is a convenience, not the guard;
 * a refused attempt is itself audited.
 */
import type { Db } from '../../db/connection';
import { markingRow } from '../../db/queries/marks';
import { addLeadExaminer, leadExaminersOf, removeLeadExaminer } from '../../db/queries/adjudications';
import { sessionById, sessionIdOfRecording } from '../../db/queries/recordings';
import type { Examiner } from '../../contract/review';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { examinerActor, getExaminer } from './examiners';

export class SeparationOfDutiesError extends Error {
  override name = 'SeparationOfDuties';
}

/** Why this examiner may not adjudicate this recording, or null when they may. */
export function adjudicationBarrier(db: Db, recordingId: number, examinerId: number): string | null {
  const marked = markingRow(db, recordingId, examinerId);
  if (marked)
    return 'You marked this recording, so you cannot adjudicate it: a third examiner or the session\u2019s lead examiner decides.';
  const leads = sessionLeadExaminers(db, sessionOf(db, recordingId));
  if (leads.length > 0 && !leads.some((l) => l.id === examinerId)) {
    return `Only this session\u2019s lead examiner${leads.length > 1 ? 's' : ''} (${leads.map((l) => l.name).join(', ')}) may adjudicate.`;
  }
  return null;
}

/**
 * The same rule for an adjudication made elsewhere (a bundle's), in the third person: why this
 * examiner may not be the adjudicator of this recording here, or null when they may.
 */
export function adjudicatorBarrier(db: Db, recordingId: number, examiner: Examiner): string | null {
  if (markingRow(db, recordingId, examiner.id))
    return `${examiner.name} marked this recording, so ${examiner.name} cannot adjudicate it (separation of duties)`;
  const leads = sessionLeadExaminers(db, sessionOf(db, recordingId));
  if (leads.length > 0 && !leads.some((l) => l.id === examiner.id))
    return `only this session\u2019s lead examiner${leads.length > 1 ? 's' : ''} (${leads.map((l) => l.name).join(', ')}) may adjudicate it, not ${examiner.name}`;
  return null;
}

/** Throws SeparationOfDutiesError, after recording the refused attempt in the audit trail. */
export function assertMayAdjudicate(db: Db, recordingId: number, examiner: Examiner, stepId: string): void {
  const barrier = adjudicationBarrier(db, recordingId, examiner.id);
  if (!barrier) return;
  // Its own transaction: the refusal is kept even though the call that caused it fails.
  db.transaction(() =>
    appendAudit(db, {
      actor: examinerActor(examiner),
      action: 'adjudicate_refused',
      entity: 'adjudication',
      entityId: `${recordingId}/${stepId}`,
      after: { reason: barrier },
    }),
  )();
  throw new SeparationOfDutiesError(barrier);
}

function sessionOf(db: Db, recordingId: number): number {
  const id = sessionIdOfRecording(db, recordingId);
  if (id === undefined) throw new NotFoundError(`Recording ${recordingId}`);
  return id;
}

const sessionLeadExaminers = (db: Db, sessionId: number): Examiner[] => leadExaminersOf(db, sessionId);

/** Names (or, with lead = false, removes) a lead examiner of a session; audited. */
export function setLeadExaminer(
  db: Db,
  input: { sessionId: number; examinerId: number; lead: boolean },
  actor: string,
): Examiner[] {
  const examiner = getExaminer(db, input.examinerId);
  db.transaction(() => {
    if (!sessionById(db, input.sessionId)) throw new NotFoundError(`Exam session ${input.sessionId}`);
    const changed = input.lead
      ? addLeadExaminer(db, input.sessionId, examiner.id, nowIso())
      : removeLeadExaminer(db, input.sessionId, examiner.id);
    if (changed) {
      appendAudit(db, {
        actor,
        action: input.lead ? 'lead_examiner_set' : 'lead_examiner_removed',
        entity: 'exam_session',
        entityId: input.sessionId,
        after: { examiner_id: examiner.id, name: examiner.name },
      });
    }
  })();
  return sessionLeadExaminers(db, input.sessionId);
}
