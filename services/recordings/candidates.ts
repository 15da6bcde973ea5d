/**
 * A recording's candidate, changed after import: one recording or many at once (the examiner
 * selects rows). Every change is one audit event with the old and the new code, written in the
 * same transaction; recordings that already have the code are left alone and not audited.
 */
import type { Db } from '../../db/connection';
import type { CandidateChangeResult } from '../../contract/recordings';
import { ensureCandidate, recordingCandidates, setRecordingCandidateId } from '../../db/queries/recordings';
import { nowIso } from '../core/clock';
import { appendAudit } from '../integrity/audit';
import { candidateProblem } from './fields';

export class CandidateChangeError extends Error {
  override name = 'CandidateChangeError';
}

export function setRecordingCandidate(
  db: Db,
  input: { recordingIds: readonly number[]; candidate: string | null },
  actor: string,
): CandidateChangeResult {
  const code = input.candidate?.trim() || null;
  if (code !== null) {
    const problem = candidateProblem(code);
    if (problem) throw new CandidateChangeError(problem);
  }
  const ids = [...new Set(input.recordingIds)];
  return db.transaction((): CandidateChangeResult => {
    const current = recordingCandidates(db, ids);
    const missing = ids.filter((id) => !current.some((c) => c.id === id));
    if (missing.length > 0) throw new CandidateChangeError(`no recording #${missing.join(', #')}`);
    const candidateId = code === null ? null : ensureCandidate(db, code, nowIso());
    let changed = 0;
    for (const r of current) {
      if (r.candidate_code === code) continue;
      setRecordingCandidateId(db, r.id, candidateId);
      appendAudit(db, {
        actor,
        action: 'set_candidate',
        entity: 'recording',
        entityId: r.id,
        before: { candidate: r.candidate_code },
        after: { candidate: code },
      });
      changed++;
    }
    return { changed, unchanged: current.length - changed };
  })();
}
