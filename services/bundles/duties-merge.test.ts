/**
 * Security review A6: separation of duties holds for adjudications that arrive in a bundle too.
 * An incoming adjudication by an examiner who marked that recording is not merged: it is listed as
 * a conflict that says why, and taking it anyway is refused. The replay compares who adjudicated,
 * not only the score and reason, and settling a conflict by taking the bundle's adjudication
 * credits the bundle's adjudicator, not this workstation's.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { adjudicateStep } from '../review/double';
import { submitMarking } from '../review/marking';
import { SeparationOfDutiesError } from '../review/duties';
import { replayAudit } from '../integrity/replay';
import { builtin, examiner, markAll, seedRecordings } from '../../tests/support/review-fixtures';
import { decideConflict, exportBundle, importBundle } from '.';

const bmv = builtin('bmv');
const STEP = 'bmv.mask_seal';

function workstation(dir: string, name: string) {
  const opened = openServiceContext({ dbPath: join(dir, `${name}.sqlite`), appVersion: 'test', logger: silentLogger });
  return { ...opened, db: opened.ctx.db };
}

/** Workstation A: a recording marked by Ann and Ben, who disagree on the mask seal. */
function markedWorkstation(dir: string) {
  const a = workstation(dir, 'a');
  const rec = seedRecordings(a.db, { rubricId: 'bmv', sessionName: 'Duties day' }).recordingIds[0]!;
  const ann = examiner(a.db, 'Ann');
  const ben = examiner(a.db, 'Ben');
  markAll(a.db, rec, ann, bmv, (s) => s.max_points);
  markAll(a.db, rec, ben, bmv, (s) => (s.id === STEP ? 2 : s.max_points));
  submitMarking(a.db, { recordingId: rec, examinerId: ann });
  submitMarking(a.db, { recordingId: rec, examinerId: ben });
  return { a, rec, ann, ben };
}

function bundleOf(w: ReturnType<typeof workstation>, dir: string, name: string): string {
  const out = join(dir, `${name}.osce-bundle`);
  exportBundle(w.db, {
    session: 'Duties day',
    out,
    withMedia: false,
    workstation: name,
    actor: 'test',
    keys: w.ctx.keys,
    label: name,
  });
  return out;
}

const intoC = (c: ReturnType<typeof workstation>, file: string) =>
  importBundle(c.db, file, { libraryDir: c.ctx.libraryDir, actor: 'test', keys: c.ctx.keys, trust: true });

describe('separation of duties across bundles (security review A6)', () => {
  it('an incoming adjudication by an examiner who marked the recording is a conflict saying why, not a merge', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-a6-'));
    const { a, rec, ann } = markedWorkstation(dir);
    adjudicateStep(a.db, {
      recordingId: rec,
      examinerId: examiner(a.db, 'Cleo'),
      stepId: STEP,
      finalScore: 4,
      reason: 'held',
    });
    // Workstation A's database was edited so that Ann, who marked it, is the adjudicator.
    a.db.prepare('UPDATE adjudications SET adjudicator_id = ?').run(ann);
    const file = bundleOf(a, dir, 'a');
    a.close();

    const c = workstation(dir, 'c');
    const r = intoC(c, file);
    expect(c.db.prepare('SELECT count(*) FROM adjudications').pluck().get()).toBe(0);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: 'adjudication' });
    expect(String(r.conflicts[0]!.incoming.refused)).toMatch(/Ann marked this recording, so Ann cannot adjudicate it/);
    expect(() => decideConflict(c.db, r.conflicts[0]!.id, 'take-incoming', 'looks fine', 'test')).toThrow(
      SeparationOfDutiesError,
    );
    expect(c.db.prepare('SELECT count(*) FROM adjudications').pluck().get()).toBe(0);
    c.close();
  });

  it('the replay names an adjudication whose adjudicator was changed outside the app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-a6-'));
    const { a, rec, ann } = markedWorkstation(dir);
    adjudicateStep(a.db, {
      recordingId: rec,
      examinerId: examiner(a.db, 'Cleo'),
      stepId: STEP,
      finalScore: 4,
      reason: 'held',
    });
    expect(replayAudit(a.db)).toEqual([]);
    a.db.prepare('UPDATE adjudications SET adjudicator_id = ?').run(ann);
    const problems = replayAudit(a.db);
    expect(problems.map((p) => p.code)).toEqual(['adjudication-differs']);
    expect(problems[0]!.message).toMatch(
      /adjudicated by examiner \d+ but its latest audit event \(\d+\) says examiner \d+/,
    );
    a.close();
  });

  it('taking the bundle’s adjudication credits the bundle’s adjudicator, and the replay agrees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-a6-'));
    const { a, rec } = markedWorkstation(dir);
    const marks = bundleOf(a, dir, 'a1');
    const c = workstation(dir, 'c');
    intoC(c, marks);
    const recC = c.db.prepare('SELECT id FROM recordings').pluck().get() as number;
    adjudicateStep(c.db, {
      recordingId: recC,
      examinerId: examiner(c.db, 'Dan'),
      stepId: STEP,
      finalScore: 2,
      reason: 'slipped',
    });

    adjudicateStep(a.db, {
      recordingId: rec,
      examinerId: examiner(a.db, 'Cleo'),
      stepId: STEP,
      finalScore: 4,
      reason: 'held',
    });
    const r = intoC(c, bundleOf(a, dir, 'a2'));
    a.close();
    const conflict = r.conflicts.find((x) => x.kind === 'adjudication')!;
    decideConflict(c.db, conflict.id, 'take-incoming', 'Cleo watched the whole recording', 'test');
    const row = c.db
      .prepare('SELECT a.final_score, ra.name FROM adjudications a JOIN raters ra ON ra.id = a.adjudicator_id')
      .get();
    expect(row).toEqual({ final_score: 4, name: 'Cleo' });
    expect(replayAudit(c.db)).toEqual([]);
    c.close();
  });
});
