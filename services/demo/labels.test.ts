import { afterEach, describe, expect, it } from 'vitest';
import { openLab, type Lab } from '../../tests/support/lab';
import { buildAgreementReport } from '../reports/report';
import { DemoSessionExistsError, generateDemoLabels } from './labels';

const labs: Lab[] = [];
afterEach(() => labs.splice(0).forEach((l) => l.close()));

function dump(lab: Lab): unknown {
  const db = lab.ctx.db;
  return {
    scores: db
      .prepare('SELECT recording_id, rater_id, step_id, score, not_assessable, comment FROM step_scores ORDER BY id')
      .all(),
    adjudications: db.prepare('SELECT recording_id, step_id, final_score FROM adjudications ORDER BY id').all(),
    recordings: db.prepare('SELECT sha256 FROM recordings ORDER BY id').pluck().all(),
  };
}

function demo(seed: number, candidates = 12) {
  const lab = openLab();
  labs.push(lab);
  const summary = generateDemoLabels(lab.ctx.db, { seed, candidates });
  return { lab, summary };
}

describe('demo label dataset', () => {
  it('is the same for the same seed and different for another', () => {
    const a = demo(11);
    const b = demo(11);
    const c = demo(12);
    expect(dump(a.lab)).toEqual(dump(b.lab));
    expect(dump(a.lab)).not.toEqual(dump(c.lab));
    expect(a.summary).toMatchObject({ recordings: 36, candidates: expect.arrayContaining(['DEMO-001', 'DEMO-012']) });
  });

  it('has examiners who mostly agree, adjudicated finals, one recording awaiting adjudication and near-chance demo models', () => {
    const { lab } = demo(7, 24);
    const report = buildAgreementReport(lab.ctx.db, {}, { bootstrap: 0 });
    expect(report.scope.status.disagreement).toBe(1);
    expect(report.scope.status.final + report.scope.status.double_marked).toBe(71);
    const examiners = report.examinerPairs[0]!.result;
    expect(examiners.step.qwk.value!).toBeGreaterThan(0.7);
    expect(examiners.step.qwk.value!).toBeLessThan(0.95);
    expect(report.leaderboard.entries).toHaveLength(5);
    expect(report.leaderboard.groups.map((g) => g.key)).toEqual([
      'score/full',
      'score/clips',
      'binary/full',
      'binary/clips',
    ]);
    expect(report.leaderboard.paired.map((p) => p.kind)).toEqual(['full-vs-clips', 'score-vs-binary']);
    for (const e of report.leaderboard.entries) {
      expect(e.config.source).toBe('demo');
      expect(e.config.label).toMatch(/^DEMO .*\(model suggestion\)$/);
      expect(Math.abs(e.primary.metric.value!)).toBeLessThan(0.2);
    }
    expect(report.stringency.find((s) => s.examiner.name.includes('Brennan'))!.verdict).toBe('hawk');
    // Stringency is per examiner and station: totals out of 50 and out of 14 are never averaged together.
    const brennan = report.stringency.filter((s) => s.examiner.name.includes('Brennan'));
    expect(brennan.length).toBeGreaterThan(1);
    expect(new Set(brennan.map((s) => s.station)).size).toBe(brennan.length);
    expect(report.stringency.every((s) => report.blandAltman.some((b) => b.station === s.station))).toBe(true);
  });

  it('refuses to write into an existing session of the same name', () => {
    const { lab } = demo(3, 2);
    expect(() => generateDemoLabels(lab.ctx.db, { seed: 3, candidates: 2 })).toThrow(DemoSessionExistsError);
  });
});
