/**
 * Alarms in the audit trail: what the app found when it opened a database (an anchor that did not
 * match, a lost anchor, a restore accepted without verification). An alarm stays a problem for
 * `audit verify` until a named person acknowledges it with a reason; the acknowledgement is itself
 * an event, so the trail keeps both. Acknowledging settles the alarm, not the data: a mark that
 * differs from its event still differs.
 */
import type { Db } from '../../db/connection';
import { acknowledgementRows, alarmRows } from '../../db/queries/audit';
import { appendAudit } from './audit';

export interface RecordedAlarm {
  seq: number;
  at: string;
  problems: string[];
}

interface Acknowledgement {
  by: string;
  reason: string;
  alarms: number[];
}

const parse = <T>(json: string | null, fallback: T): T => {
  try {
    return (JSON.parse(json ?? 'null') as T) ?? fallback;
  } catch {
    return fallback;
  }
};

/** Every alarm of the trail, open or acknowledged (with who acknowledged it and why). */
export function recordedAlarms(db: Db): {
  open: RecordedAlarm[];
  acknowledged: (RecordedAlarm & { by: string; reason: string })[];
} {
  const acks = new Map<number, Acknowledgement>();
  for (const row of acknowledgementRows(db)) {
    const a = parse<Partial<Acknowledgement>>(row.after, {});
    for (const seq of Array.isArray(a.alarms) ? a.alarms : [])
      if (row.seq > seq) acks.set(seq, { by: String(a.by ?? ''), reason: String(a.reason ?? ''), alarms: [] });
  }
  const open: RecordedAlarm[] = [];
  const acknowledged: (RecordedAlarm & { by: string; reason: string })[] = [];
  for (const row of alarmRows(db)) {
    const alarm = { seq: row.seq, at: row.at, problems: parse<{ problems?: string[] }>(row.after, {}).problems ?? [] };
    const ack = acks.get(row.seq);
    if (ack) acknowledged.push({ ...alarm, by: ack.by, reason: ack.reason });
    else open.push(alarm);
  }
  return { open, acknowledged };
}

/** Acknowledges every open alarm, in one audited event naming the person and the reason. */
export function acknowledgeAlarms(
  db: Db,
  input: { by: string; reason: string },
  actor: string,
): { acknowledged: RecordedAlarm[] } {
  return db
    .transaction(() => {
      const { open } = recordedAlarms(db);
      if (open.length === 0) return { acknowledged: [] };
      appendAudit(db, {
        actor,
        action: 'integrity_alarm_acknowledged',
        entity: 'audit_trail',
        after: { by: input.by, reason: input.reason, alarms: open.map((a) => a.seq) },
      });
      return { acknowledged: open };
    })
    .immediate();
}
