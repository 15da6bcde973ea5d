/**
 * Replaying the audit trail: the latest event about every examiner mark and adjudication must say
 * what the database holds now. A mark edited in SQLite without an event (or with the event deleted
 * and the chain recomputed around it) no longer matches its latest event and is named. Final
 * scores are derived from exactly these marks and adjudications (services/review/final-scores.ts), so
 * checking them checks the finals.
 *
 * Writers that store many rows at once put what they wrote in their event's `after.recorded`.
 */
import type { Db } from '../../db/connection';
import { auditRows } from '../../db/queries/audit';
import { examinerMarkFacts } from '../../db/queries/marks';
import { adjudicationsIn } from '../../db/queries/adjudications';
import { recordingExists } from '../../db/queries/recordings';

/** [recording id, rater id, step id, score, blind score, not assessable 0/1] */
export type MarkFact = [number, number, string, number | null, number | null, number];
/** [recording id, step id, final score, reason, adjudicator's rater id (absent in events before it was recorded)] */
export type AdjudicationFact = [number, string, number, string, (number | null)?];
export interface RecordedFacts {
  marks?: MarkFact[];
  adjudications?: AdjudicationFact[];
}

const markKey = (rec: number, rater: number, step: string) => `${rec}/${rater}/${step}`;
const adjKey = (rec: number, step: string) => `${rec}/${step}`;

/** The examiner marks of these (recording, rater) pairs as facts for an event's `after.recorded`. */
export function markFacts(db: Db, pairs: Iterable<[number, number]>): MarkFact[] {
  const out: MarkFact[] = [];
  for (const [rec, rater] of pairs) {
    for (const r of examinerMarkFacts(db, [rec, rater]))
      out.push([r.recording_id, r.rater_id, r.step_id, r.score, r.blind_score, r.not_assessable]);
  }
  return out;
}

export function adjudicationFacts(db: Db, recordingIds: Iterable<number>): AdjudicationFact[] {
  const out: AdjudicationFact[] = [];
  for (const a of adjudicationsIn(db, [...recordingIds]))
    out.push([a.recording_id, a.step_id, a.final_score, a.reason, a.adjudicator_id]);
  return out;
}

/** Every examiner mark and adjudication in the database, for a baseline event. */
export function allFacts(db: Db): RecordedFacts {
  const marks = examinerMarkFacts(db).map((r): MarkFact => [
    r.recording_id,
    r.rater_id,
    r.step_id,
    r.score,
    r.blind_score,
    r.not_assessable,
  ]);
  return {
    marks,
    adjudications: adjudicationsIn(db, null).map((a): AdjudicationFact => [
      a.recording_id,
      a.step_id,
      a.final_score,
      a.reason,
      a.adjudicator_id,
    ]),
  };
}

export interface ReplayProblem {
  code:
    | 'mark-without-event'
    | 'mark-differs'
    | 'mark-deleted'
    | 'adjudication-without-event'
    | 'adjudication-differs'
    | 'adjudication-deleted';
  message: string;
}

const fmt = (v: unknown) => (v === null || v === undefined ? 'empty' : String(v));

/** Replays the chain (already verified link by link) and compares with the current rows. */
export function replayAudit(db: Db, limit = 20): ReplayProblem[] {
  const marks = new Map<string, { v: [number | null, number | null, number]; seq: number }>();
  // The adjudicator is compared only where the event recorded one (older events did not).
  const adjs = new Map<string, { v: [number, string, (number | null)?]; seq: number }>();
  for (const e of auditRows(db)) {
    if (e.after === null) continue;
    let after: Record<string, unknown>;
    try {
      after = JSON.parse(e.after) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (e.entity === 'step_score' && e.entity_id && 'score' in after) {
      const m = /^(\d+)\/(\d+)\/(.+)$/.exec(e.entity_id);
      if (m)
        marks.set(markKey(Number(m[1]), Number(m[2]), m[3]!), {
          v: [after.score as number | null, after.blind_score as number | null, Number(after.not_assessable ?? 0)],
          seq: e.seq,
        });
    }
    if (e.entity === 'adjudication' && e.action === 'adjudicate' && e.entity_id) {
      const m = /^(\d+)\/(.+)$/.exec(e.entity_id);
      if (m)
        adjs.set(adjKey(Number(m[1]), m[2]!), {
          v: [
            after.final_score as number,
            after.reason as string,
            ...('adjudicator_id' in after ? [after.adjudicator_id as number | null] : []),
          ] as [number, string, (number | null)?],
          seq: e.seq,
        });
    }
    const rec = after.recorded as RecordedFacts | undefined;
    if (rec && typeof rec === 'object') {
      for (const f of Array.isArray(rec.marks) ? rec.marks : [])
        marks.set(markKey(f[0], f[1], f[2]), { v: [f[3], f[4], f[5]], seq: e.seq });
      for (const f of Array.isArray(rec.adjudications) ? rec.adjudications : [])
        adjs.set(adjKey(f[0], f[1]), {
          v: (f.length > 4 ? [f[2], f[3], f[4] ?? null] : [f[2], f[3]]) as [number, string, (number | null)?],
          seq: e.seq,
        });
    }
  }

  const problems: ReplayProblem[] = [];
  const add = (p: ReplayProblem) => problems.length < limit && problems.push(p);
  const seenMarks = new Set<string>();
  for (const r of examinerMarkFacts(db)) {
    const k = markKey(r.recording_id, r.rater_id, r.step_id);
    seenMarks.add(k);
    const what = `the mark of examiner ${r.rater_id} on recording ${r.recording_id}, step ${r.step_id}`;
    const ev = marks.get(k);
    if (!ev)
      add({
        code: 'mark-without-event',
        message: `${what} (score ${fmt(r.score)}) has no audit event: it was written outside the app`,
      });
    else if (ev.v[0] !== r.score || ev.v[1] !== r.blind_score || ev.v[2] !== r.not_assessable) {
      add({
        code: 'mark-differs',
        message: `${what} is ${fmt(r.score)} (blind ${fmt(r.blind_score)}) but its latest audit event (${ev.seq}) says ${fmt(ev.v[0])} (blind ${fmt(ev.v[1])}): changed outside the app`,
      });
    }
  }
  for (const [k, ev] of marks) {
    if (seenMarks.has(k) || (ev.v[0] === null && ev.v[2] === 0)) continue;
    const [rec, rater, ...step] = k.split('/');
    if (recordingExists(db, Number(rec))) {
      add({
        code: 'mark-deleted',
        message: `the mark of examiner ${rater} on recording ${rec}, step ${step.join('/')} recorded by event ${ev.seq} is gone: deleted outside the app`,
      });
    }
  }
  const seenAdj = new Set<string>();
  for (const a of adjudicationsIn(db, null)) {
    const k = adjKey(a.recording_id, a.step_id);
    seenAdj.add(k);
    const what = `the adjudication of recording ${a.recording_id}, step ${a.step_id}`;
    const ev = adjs.get(k);
    if (!ev)
      add({
        code: 'adjudication-without-event',
        message: `${what} (final ${a.final_score}) has no audit event: it was written outside the app`,
      });
    else if (ev.v[0] !== a.final_score || ev.v[1] !== a.reason) {
      add({
        code: 'adjudication-differs',
        message: `${what} is final ${a.final_score} but its latest audit event (${ev.seq}) says ${ev.v[0]}: changed outside the app`,
      });
    } else if (ev.v.length > 2 && (ev.v[2] ?? null) !== a.adjudicator_id) {
      add({
        code: 'adjudication-differs',
        message: `${what} was adjudicated by examiner ${fmt(a.adjudicator_id)} but its latest audit event (${ev.seq}) says examiner ${fmt(ev.v[2])}: changed outside the app`,
      });
    }
  }
  for (const [k, ev] of adjs) {
    if (seenAdj.has(k)) continue;
    const [rec, ...step] = k.split('/');
    if (recordingExists(db, Number(rec))) {
      add({
        code: 'adjudication-deleted',
        message: `the adjudication of recording ${rec}, step ${step.join('/')} recorded by event ${ev.seq} is gone: deleted outside the app`,
      });
    }
  }
  return problems;
}
