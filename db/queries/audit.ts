/** The audit trail: append-only, hash-chained events (triggers refuse UPDATE and DELETE). */
import type { Db } from '../connection';

/** One row of `audit_events`; before and after are JSON text. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  suggestion_visible: number;
  prev_hash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The newest event's sequence and hash; seq 0 and an empty hash for an empty trail. */
export const chainHeadOf = (db: Db): ChainHead =>
  (db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined) ?? {
    seq: 0,
    hash: '',
  };

export function insertAuditRow(db: Db, row: AuditRow): void {
  db.prepare(
    `INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before, after, suggestion_visible, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @suggestion_visible, @prev_hash, @hash)`,
  ).run(row);
}

/** Every event in sequence order, read one at a time. */
export const auditRows = (db: Db): Iterable<AuditRow> =>
  db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as Iterable<AuditRow>;

/** Sequence and hash of every event, in order. */
export const chainEvents = (db: Db): ChainHead[] =>
  db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq').all() as ChainHead[];

export const hashAtSeq = (db: Db, seq: number): string | undefined =>
  db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(seq) as string | undefined;

/** A lookup of the hash at a sequence number, for comparing a whole chain. */
export function hashLookup(db: Db): (seq: number) => string | undefined {
  const stmt = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck();
  return (seq) => stmt.get(seq) as string | undefined;
}

export const lastSeq = (db: Db): number =>
  (db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0;

/** Alarms the app recorded at start-up (an anchor that did not match). */
export const alarmRows = (db: Db): Pick<AuditRow, 'seq' | 'at' | 'after'>[] =>
  db.prepare(`SELECT seq, at, after FROM audit_events WHERE action = 'integrity_alarm' ORDER BY seq`).all() as Pick<
    AuditRow,
    'seq' | 'at' | 'after'
  >[];

/** Events other than the app seeding its built-in rubrics: what makes a trail more than a fresh database's. */
export const eventsBeyondSeeding = (db: Db): number =>
  db.prepare(`SELECT count(*) FROM audit_events WHERE NOT (actor = 'app' AND action = 'seed')`).pluck().get() as number;

/** Acknowledgements of earlier alarms, in order. */
export const acknowledgementRows = (db: Db): Pick<AuditRow, 'seq' | 'at' | 'after'>[] =>
  db
    .prepare(`SELECT seq, at, after FROM audit_events WHERE action = 'integrity_alarm_acknowledged' ORDER BY seq`)
    .all() as Pick<AuditRow, 'seq' | 'at' | 'after'>[];
