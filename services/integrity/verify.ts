/**
 * `osce audit verify`: the hash chain link by link, the schema (the
 * append-only triggers included), the anchor outside the database, and a replay of the events
 * against the marks and adjudications the database holds now. Each tampering has its own code
 * and sentence, so the report says what happened rather than only "broken".
 */
import type { Db } from '../../db/connection';
import { hashAtSeq } from '../../db/queries/audit';
import { schemaVersion } from '../../db/migrate';
import { recordedAlarms } from './alarms';
import { verifyAudit } from './audit';
import {
  anchorAuthentic,
  anchorFilePath,
  chainHead,
  readAnchorFile,
  type AnchorRecord,
  type ChainHead,
} from './anchor';
import type { InstallationKeys } from './keys';
import { replayAudit } from './replay';
import { schemaDifferences } from './schema';

export interface IntegrityProblem {
  code: string;
  seq?: number;
  message: string;
}

export interface AuditTrailVerdict {
  ok: boolean;
  events: number;
  head: ChainHead;
  /** verified: the anchor matches; unverifiable: this process has no key to check it. */
  anchor: 'verified' | 'unverifiable' | 'problem';
  problems: IntegrityProblem[];
  /** Alarms someone acknowledged (by name, with a reason, in the trail): no longer problems, still listed. */
  acknowledged: { seq: number; message: string; by: string; reason: string }[];
}

const hashAt = hashAtSeq;
const same = (a: ChainHead, b: ChainHead) => a.seq === b.seq && a.hash === b.hash;

/** What the anchor says about the chain; empty when the database's head is the anchored one. */
export function anchorProblems(
  db: Db,
  anchor: AnchorRecord | 'missing' | 'damaged',
  keys: InstallationKeys,
  file: string,
): IntegrityProblem[] {
  if (anchor === 'missing') {
    return [
      {
        code: 'anchor-missing',
        message: `the audit anchor ${file} is missing: it was deleted, or this database was put here without it`,
      },
    ];
  }
  if (anchor === 'damaged')
    return [{ code: 'anchor-damaged', message: `the audit anchor ${file} is damaged or not an anchor` }];
  if (anchor.installation !== keys.fingerprint || !anchorAuthentic(keys.anchorSecret, anchor)) {
    return [
      {
        code: 'anchor-forged',
        message: `the audit anchor ${file} was not written with this installation's secret: it was replaced or edited`,
      },
    ];
  }
  const head = chainHead(db);
  if (same(head, anchor.head) || same(head, anchor.prev)) return [];
  const anchored = anchor.head;
  const atAnchor = hashAt(db, anchored.seq);
  if (atAnchor !== undefined && atAnchor !== anchored.hash) {
    return [
      {
        code: 'chain-rewritten',
        seq: anchored.seq,
        message: `the audit chain was rewritten: event ${anchored.seq} is not the event the anchor recorded (the whole chain was recomputed)`,
      },
    ];
  }
  if (head.seq < anchored.seq) {
    return [
      {
        code: 'events-deleted',
        seq: head.seq + 1,
        message: `events ${head.seq + 1} to ${anchored.seq} were deleted: the anchor says the chain reached event ${anchored.seq}, the database ends at ${head.seq}`,
      },
    ];
  }
  return [
    {
      code: 'events-appended',
      seq: anchored.seq + 1,
      message: `events ${anchored.seq + 1} to ${head.seq} were added outside the app: the anchor says the chain ended at event ${anchored.seq}`,
    },
  ];
}

export function verifyAuditTrail(db: Db, opts: { dbPath: string; keys: InstallationKeys | null }): AuditTrailVerdict {
  const problems: IntegrityProblem[] = [];
  const chain = verifyAudit(db);
  if (!chain.ok) problems.push({ code: 'chain-broken', seq: chain.seq, message: chain.problem });
  for (const d of schemaDifferences(db, schemaVersion(db))) {
    const guard = /^trigger audit_events_no_(update|delete)/.test(d);
    problems.push({
      code: guard ? 'guard-removed' : 'schema-changed',
      message: guard ? `${d}: the append-only guard of the audit trail was removed` : d,
    });
  }
  let anchor: AuditTrailVerdict['anchor'] = 'unverifiable';
  if (opts.keys) {
    const file = anchorFilePath(opts.dbPath);
    const found = anchorProblems(db, readAnchorFile(file), opts.keys, file);
    anchor = found.length ? 'problem' : 'verified';
    problems.push(...found);
  }
  problems.push(...replayAudit(db));
  const alarms = recordedAlarms(db);
  for (const a of alarms.open)
    problems.push({
      code: 'alarm-recorded',
      seq: a.seq,
      message: `at ${a.at} the app found: ${a.problems.join('; ')}`,
    });
  const head = chainHead(db);
  const acknowledged = alarms.acknowledged.map((a) => ({
    seq: a.seq,
    message: `at ${a.at} the app found: ${a.problems.join('; ')}`,
    by: a.by,
    reason: a.reason,
  }));
  return { ok: problems.length === 0, events: chain.events, head, anchor, problems, acknowledged };
}
