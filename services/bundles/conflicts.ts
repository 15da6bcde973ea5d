import type { Db } from '../../db/connection';
import type { MergeConflictItem } from '../../contract/bundles';
import { conflictRows, settleConflict } from '../../db/queries/bundles';
import { setMarkingState, setStepScoreFields } from '../../db/queries/marks';
import { setAdjudicationOutcome } from '../../db/queries/adjudications';
import { setSpanTimes } from '../../db/queries/spans';
import { raterIdOf } from '../../db/queries/raters';
import { recordingIdBySha } from '../../db/queries/recordings';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import type { RecordedFacts } from '../integrity/replay';
import { parseKey } from './keys';
import { adjudicatorBarrier, SeparationOfDutiesError } from '../review/duties';
import { refreshReviewStatuses } from '../review/review-status';

/** A merge conflict as the app and the CLI list it (the contract's shape). */
export type StoredConflict = MergeConflictItem;

class ConflictDecisionError extends Error {
  override name = 'ConflictDecision';
}

export function listConflicts(db: Db, status: 'open' | 'all' = 'open'): StoredConflict[] {
  return conflictRows(db, status).map((r) => ({
    id: r.id,
    kind: r.kind,
    key: r.key,
    local: JSON.parse(r.local) as Record<string, unknown>,
    incoming: JSON.parse(r.incoming) as Record<string, unknown>,
    status: r.status,
    bundleChecksum: r.bundle_checksum,
    createdAt: r.created_at,
  }));
}

/** Settles one conflict: keep this workstation's value, or take the bundle's. Either way, audited. */
export function decideConflict(
  db: Db,
  id: number,
  choice: 'keep-local' | 'take-incoming',
  reason: string,
  actor: string,
): void {
  if (!reason.trim()) throw new ConflictDecisionError('A reason is required to settle a merge conflict.');
  db.transaction(() => {
    const c = listConflicts(db, 'all').find((x) => x.id === id);
    if (!c) throw new NotFoundError(`Merge conflict ${id}`);
    if (c.status !== 'open') throw new ConflictDecisionError(`Merge conflict ${id} was already settled (${c.status}).`);
    const recorded = choice === 'take-incoming' ? apply(db, c) : undefined;
    settleConflict(db, id, {
      status: choice === 'keep-local' ? 'kept-local' : 'took-incoming',
      by: actor,
      reason,
      at: nowIso(),
    });
    appendAudit(db, {
      actor,
      action: `merge-${choice}`,
      entity: 'merge_conflict',
      entityId: c.key,
      before: c.local,
      after: {
        kind: c.kind,
        value: choice === 'take-incoming' ? c.incoming : c.local,
        reason,
        ...(recorded ? { recorded } : {}),
      },
    });
    refreshReviewStatuses(db);
  })();
}

/** Writes the bundle's value; returns what was written for the audit replay (services/integrity/replay.ts). */
function apply(db: Db, c: StoredConflict): RecordedFacts {
  const parts = parseKey(c.key) as string[];
  const rec = recordingIdBySha(db, String(parts[0]));
  if (!rec) throw new NotFoundError(`Recording ${parts[0]}`);
  const v = c.incoming;
  const raterOf = (k: string) => {
    const [kind, name, configKey] = parseKey(k) as string[];
    return raterIdOf(db, kind!, name!, configKey!)!;
  };
  if (c.kind === 'step_score') {
    const rater = raterOf(parts[1]!);
    setStepScoreFields(db, rec, rater, String(parts[2]), {
      score: (v.score ?? null) as number | null,
      blind_score: (v.blind_score ?? null) as number | null,
      not_assessable: (v.not_assessable ?? 0) as number,
      not_assessable_reason: (v.not_assessable_reason ?? null) as string | null,
      comment: (v.comment ?? null) as string | null,
      updated_at: nowIso(),
    });
    // As written, not read back: a trigger changing it afterwards then shows in the replay.
    if ((parseKey(parts[1]!) as string[])[0] !== 'examiner') return {};
    return {
      marks: [
        [
          rec,
          rater,
          String(parts[2]),
          (v.score ?? null) as number | null,
          (v.blind_score ?? null) as number | null,
          Number(v.not_assessable ?? 0),
        ],
      ],
    };
  }
  if (c.kind === 'adjudication') {
    // The bundle's decision is credited to the bundle's adjudicator, who must be allowed to make it here.
    const [kind, name] = typeof v.adjudicator === 'string' ? v.adjudicator.split('\t') : [];
    const adjudicatorId = kind === 'examiner' && name ? (raterIdOf(db, 'examiner', name, '') ?? null) : null;
    const barrier =
      typeof v.refused === 'string'
        ? v.refused
        : adjudicatorId !== null
          ? adjudicatorBarrier(db, rec, { id: adjudicatorId, name: name! })
          : null;
    if (barrier)
      throw new SeparationOfDutiesError(`Merge conflict ${c.id} cannot take the bundle's adjudication: ${barrier}.`);
    const outcome = { finalScore: v.final_score as number, reason: v.reason as string, adjudicatorId };
    setAdjudicationOutcome(db, rec, parts[1]!, outcome);
    return { adjudications: [[rec, parts[1]!, outcome.finalScore, outcome.reason, adjudicatorId]] };
  }
  if (c.kind === 'step_span') {
    setSpanTimes(db, rec, parts[1]!, v.start_s as number, v.end_s as number, nowIso());
    return {};
  }
  if (c.kind === 'marking') {
    setMarkingState(db, rec, raterOf(parts[1]!), {
      status: v.status as 'in_progress' | 'submitted',
      revealed_at: (v.revealed_at ?? null) as string | null,
      submitted_at: (v.submitted_at ?? null) as string | null,
    });
    return {};
  }
  throw new ConflictDecisionError(`A ${c.kind} conflict can only be settled by keeping this workstation's value.`);
}
