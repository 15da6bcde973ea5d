/**
 * Compares the agreement module against scikit-learn / SciPy values computed by
 * tests/reference/agreement_reference.py (stored in agreement_expected.json; Python not needed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AgreementJson, toAgreementJson } from './agreement-json';
import { runAgreementCli } from './cli-agreement';
import { computeAgreement } from './compute';
import { parseLabelsCsv } from './labels-csv';

const referenceDir = new URL('../../tests/reference/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('agreement_expected.json', referenceDir), 'utf8')) as {
  cases: Record<string, ExpectedCase>;
};

type Figures = Record<string, unknown>;
interface ExpectedCase extends Figures {
  file: string;
  a: string;
  b: string;
  per_step: Record<string, Figures>;
  per_station?: Record<string, Figures>;
}

const TOLERANCE = 1e-9;
const STEP_KEYS = ['qwk', 'confusion', 'exact', 'adjacent', 'ac1', 'pabak'] as const;
const BINARY_KEYS = ['tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'mcc'] as const;

function readFixture(file: string): string {
  return readFileSync(new URL(`fixtures/${file}`, referenceDir), 'utf8');
}

function expectClose(actual: unknown, want: unknown, where: string): void {
  if (want === null || typeof want !== 'number') {
    expect(actual, where).toEqual(want);
    return;
  }
  expect(typeof actual, where).toBe('number');
  expect(Math.abs((actual as number) - want), `${where}: ${String(actual)} vs ${want}`).toBeLessThanOrEqual(TOLERANCE);
}

function expectFigures(
  actual: { step: object; binary: object },
  want: Figures,
  keys: readonly string[],
  where: string,
): void {
  const step = actual.step as Figures;
  const binary = actual.binary as Figures;
  for (const key of STEP_KEYS) expectClose(step[key], want[key], `${where} step.${key}`);
  for (const key of BINARY_KEYS) expectClose(binary[key], want[key], `${where} binary.${key}`);
  for (const key of keys) expectClose((actual as Figures)[key], want[key], `${where} ${key}`);
}

/** Every number finite; every null paired with a `<key>_reason` (or a `reason` for intervals). */
function scanJson(
  value: unknown,
  path: string,
  problems: string[],
  parent?: Record<string, unknown>,
  key?: string,
): void {
  if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`${path} is ${value}`);
  if (value === null && parent && key && key !== 'low' && key !== 'high' && !(`${key}_reason` in parent)) {
    problems.push(`${path} is null without ${key}_reason`);
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      scanJson(v, `${path}.${k}`, problems, value as Record<string, unknown>, k);
  }
}

describe('agreement matches scikit-learn / SciPy reference values', () => {
  for (const [name, want] of Object.entries(expected.cases)) {
    it(name, () => {
      const outcome = runAgreementCli(readFixture(want.file), want.file, want.a, want.b);
      expect(outcome.stderr).toBe('');
      expect(outcome.exitCode).toBe(0);
      const json = JSON.parse(outcome.stdout) as AgreementJson;

      expect(json.raters).toEqual({ a: want.a, b: want.b });
      expect(json.incomplete_recordings).toEqual(want.incomplete_recordings);
      expectClose(json.n_recordings, want.n_recordings, 'n_recordings');
      expectClose(json.n_steps, want.n_steps, 'n_steps');
      expectClose(json.overall.plcc, want.plcc, 'plcc');
      expectClose(json.overall.srcc, want.srcc, 'srcc');
      expectFigures(json, want, [], 'overall');

      expect(json.per_step.map((s) => s.step_id).sort()).toEqual(Object.keys(want.per_step).sort());
      for (const s of json.per_step) expectFigures(s, want.per_step[s.step_id]!, ['n_steps'], `step ${s.step_id}`);

      if (want.per_station) {
        expect(json.per_station?.map((s) => s.station).sort()).toEqual(Object.keys(want.per_station).sort());
        for (const s of json.per_station ?? []) {
          const ws = want.per_station[s.station]!;
          expectFigures(s, ws, ['n_recordings', 'n_steps'], `station ${s.station}`);
          expectClose(s.overall.plcc, ws.plcc, `station ${s.station} plcc`);
          expectClose(s.overall.srcc, ws.srcc, `station ${s.station} srcc`);
          expect(s.incomplete_recordings).toEqual(ws.incomplete_recordings);
        }
      } else {
        expect(json.per_station).toBeUndefined();
      }
    });
  }
});

describe('undefined figures are null or 0 with a reason, never NaN', () => {
  for (const [name, want] of Object.entries(expected.cases)) {
    it(`${name}: JSON and internal result hold no NaN`, () => {
      const rows = parseLabelsCsv(readFixture(want.file), want.file);
      const result = computeAgreement(rows, { a: want.a, b: want.b, bootstrap: 50, seed: 3 });
      const problems: string[] = [];
      scanJson(toAgreementJson(result), 'json', problems);
      const internal = JSON.stringify(result, (_k, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? `NOT FINITE ${v}` : v,
      );
      expect(internal).not.toContain('NOT FINITE');
      expect(problems).toEqual([]);
    });
  }

  it('a constant rater gives null correlations that say which rater', () => {
    const r = computeAgreement(parseLabelsCsv(readFixture('constant_rater.csv'), 'c.csv'), { a: 'a', b: 'b' });
    expect(r.overall.plcc).toEqual({ value: null, reason: "rater 'b' total is constant" });
    expect(r.overall.srcc.value).toBeNull();
    expect(r.step.qwk.value).not.toBeNull();
  });

  it('one recording gives null correlations (n < 2)', () => {
    const r = computeAgreement(parseLabelsCsv(readFixture('single_recording.csv'), 's.csv'), { a: 'a', b: 'b' });
    expect(r.overall.plcc.value).toBeNull();
    expect(r.overall.plcc.reason).toMatch(/fewer than 2/);
  });

  it('no overlap gives zero steps, null kappa, MCC 0 and lists every recording', () => {
    const json = toAgreementJson(
      computeAgreement(parseLabelsCsv(readFixture('no_overlap.csv'), 'n.csv'), { a: 'a', b: 'b' }),
    );
    expect(json.n_steps).toBe(0);
    expect(json.step.qwk).toBeNull();
    expect(json.step.qwk_reason).toBe('no steps scored by both raters');
    expect(json.binary.mcc).toBe(0);
    expect(json.binary.mcc_reason).toMatch(/reported as 0/);
    expect(json.incomplete_recordings).toHaveLength(6);
  });

  it('a rater who never marks errors gets precision, recall, F1 and MCC of 0 with reasons', () => {
    const json = toAgreementJson(
      computeAgreement(parseLabelsCsv(readFixture('never_errors.csv'), 'n.csv'), { a: 'a', b: 'b' }),
    );
    expect(json.binary).toMatchObject({ tp: 0, fp: 0, precision: 0, recall: 0, f1: 0, mcc: 0 });
    expect(json.binary.precision_reason).toBe("rater 'b' marked no errors");
    expect(json.binary.mcc_reason).toMatch(/rater 'b' marked every step alike/);
  });
});
