import type { Db } from '../../db/connection';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { adjudicationFacts, markFacts, type RecordedFacts } from '../integrity/replay';
import { parseKey } from './keys';

export interface StoredConflict {
  id: number;
  kind: string;
  key: string;
  local: Record<string, unknown>;
  incoming: Record<string, unknown>;
  status: string;
  bundleChecksum: string;
  createdAt: string;
}

export class ConflictDecisionError extends Error {
  override name = 'ConflictDecision';
}

export function listConflicts(db: Db, status: 'open' | 'all' = 'open'): StoredConflict[] {
  const rows = db
    .prepare(`SELECT * FROM merge_conflicts ${status === 'open' ? `WHERE status = 'open'` : ''} ORDER BY id`)
    .all() as Record<string, string | number>[];
  return rows.map((r) => ({
    id: r.id as number,
    kind: r.kind as string,
    key: r.key as string,
    local: JSON.parse(r.local as string),
    incoming: JSON.parse(r.incoming as string),
    status: r.status as string,
    bundleChecksum: r.bundle_checksum as string,
    createdAt: r.created_at as string,
  }));
}

/** Settles one conflict: keep this workstation's value, or take the bundle's. Either way, audited. */
export function decideConflict(db: Db, id: number, choice: 'keep-local' | 'take-incoming', reason: string, actor: string): void {
  if (!reason.trim()) throw new ConflictDecisionError('A reason is required to settle a merge conflict.');
  db.transaction(() => {
    const c = listConflicts(db, 'all').find((x) => x.id === id);
    if (!c) throw new NotFoundError(`Merge conflict ${id}`);
    if (c.status !== 'open') throw new ConflictDecisionError(`Merge conflict ${id} was already settled (${c.status}).`);
    const recorded = choice === 'take-incoming' ? apply(db, c) : undefined;
    db.prepare(`UPDATE merge_conflicts SET status = ?, decided_by = ?, decision_reason = ?, decided_at = ? WHERE id = ?`).run(
      choice === 'keep-local' ? 'kept-local' : 'took-incoming',
      actor,
      reason,
      nowIso(),
      id,
    );
    appendAudit(db, {
      actor, action: `merge-${choice}`, entity: 'merge_conflict', entityId: c.key, before: c.local,
      after: { kind: c.kind, value: choice === 'take-incoming' ? c.incoming : c.local, reason, ...(recorded ? { recorded } : {}) },
    });
  })();
}

/** Writes the bundle's value; returns what was written for the audit replay (services/integrity/replay.ts). */
function apply(db: Db, c: StoredConflict): RecordedFacts {
  const parts = parseKey(c.key) as string[];
  const rec = db.prepare('SELECT id FROM recordings WHERE sha256 = ?').pluck().get(parts[0]) as number | undefined;
  if (!rec) throw new NotFoundError(`Recording ${parts[0]}`);
  const v = c.incoming;
  const raterOf = (k: string) => {
    const [kind, name, configKey] = parseKey(k) as string[];
    return db.prepare('SELECT id FROM raters WHERE kind = ? AND name = ? AND config_key = ?').pluck().get(kind, name, configKey) as number;
  };
  if (c.kind === 'step_score') {
    const rater = raterOf(parts[1]!);
    db.prepare(
      `UPDATE step_scores SET score = ?, blind_score = ?, not_assessable = ?, not_assessable_reason = ?, comment = ?, updated_at = ?
       WHERE recording_id = ? AND rater_id = ? AND step_id = ?`,
    ).run(v.score ?? null, v.blind_score ?? null, v.not_assessable ?? 0, v.not_assessable_reason ?? null, v.comment ?? null, nowIso(), rec, rater, parts[2]);
    return { marks: markFacts(db, [[rec, rater]]) };
  }
  if (c.kind === 'adjudication') {
    db.prepare('UPDATE adjudications SET final_score = ?, reason = ? WHERE recording_id = ? AND step_id = ?').run(v.final_score, v.reason, rec, parts[1]);
    return { adjudications: adjudicationFacts(db, [rec]) };
  }
  if (c.kind === 'step_span') {
    db.prepare('UPDATE step_spans SET start_s = ?, end_s = ?, updated_at = ? WHERE recording_id = ? AND step_id = ?').run(v.start_s, v.end_s, nowIso(), rec, parts[1]);
    return {};
  }
  if (c.kind === 'marking') {
    db.prepare('UPDATE markings SET status = ?, revealed_at = ?, submitted_at = ? WHERE recording_id = ? AND rater_id = ?').run(v.status, v.revealed_at ?? null, v.submitted_at ?? null, rec, raterOf(parts[1]!));
    return {};
  }
  throw new ConflictDecisionError(`A ${c.kind} conflict can only be settled by keeping this workstation's value.`);
}
