import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { auditRows, chainHeadOf, insertAuditRow, type AuditRow } from '../../db/queries/audit';
import { nowIso } from '../core/clock';
import { anchorAppended } from './anchor';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  suggestionVisible?: boolean;
}

export type { AuditRow };

/** The hash covers every field of the row and the previous row's hash, so an edit or a deletion breaks the chain. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const material = JSON.stringify([
    row.seq,
    row.at,
    row.actor,
    row.action,
    row.entity,
    row.entity_id,
    row.before,
    row.after,
    row.suggestion_visible,
    row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** Appends one event; call inside the same transaction as the change it records. */
export function appendAudit(db: Db, e: AuditInput): void {
  const head = chainHeadOf(db);
  const last = head.seq > 0 ? head : undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId == null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    suggestion_visible: e.suggestionVisible ? 1 : 0,
    prev_hash: last?.hash ?? '',
  };
  const hash = auditHash(row);
  insertAuditRow(db, { ...row, hash });
  // The anchor outside the database follows the chain head (services/integrity/anchor.ts).
  anchorAppended(db, { seq: last?.seq ?? 0, hash: last?.hash ?? '' }, { seq: row.seq, hash });
}

export type AuditVerdict = { ok: true; events: number } | { ok: false; events: number; seq: number; problem: string };

/** Walks the chain and names the first event whose content, hash or link does not match. */
export function verifyAudit(db: Db): AuditVerdict {
  let prev = '';
  let expectedSeq = 1;
  let count = 0;
  for (const row of auditRows(db)) {
    count++;
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        events: count,
        seq: expectedSeq,
        problem: `event ${expectedSeq} is missing (deleted outside the app)`,
      };
    }
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        events: count,
        seq: row.seq,
        problem: `event ${row.seq} does not link to the event before it`,
      };
    }
    const { hash, ...rest } = row;
    if (auditHash(rest) !== hash) {
      return { ok: false, events: count, seq: row.seq, problem: `event ${row.seq} was changed after it was written` };
    }
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, events: count };
}
