import { readCsvFile } from '../../services/core/csv-file';
import { basename } from 'node:path';
import { runAgreementCli } from '../../domain/agreement/cli-agreement';
import type { AgreementJson } from '../../domain/agreement/agreement-json';
import { UsageError, type CliIo } from '../io';

export interface AgreementFlags {
  labels: string;
  a: string;
  b: string;
  json?: boolean;
  bootstrap?: string;
  seed?: string;
}

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got '${value}'`);
  return Number(value);
}

const fmt = (v: number | null, reason?: string) =>
  v === null ? `undefined (${reason ?? 'not defined'})` : v.toFixed(3);

/** `osce agreement --labels CSV --a RATER --b RATER [--json]`: rater a is the reference. */
export function agreement(flags: AgreementFlags, io: CliIo): number {
  const bootstrap = intFlag('bootstrap', flags.bootstrap, 0);
  const seed = intFlag('seed', flags.seed, 0);
  let text: string;
  try {
    text = readCsvFile(flags.labels, { label: basename(flags.labels) });
  } catch (err) {
    io.err(`osce agreement: ${(err as Error).message}\n`);
    return 2;
  }
  const outcome = runAgreementCli(text, basename(flags.labels), flags.a, flags.b, {
    ...(bootstrap !== undefined ? { bootstrap } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  if (outcome.exitCode !== 0) {
    io.err(outcome.stderr);
    return outcome.exitCode;
  }
  if (flags.json) {
    io.out(outcome.stdout);
    return 0;
  }
  const r = JSON.parse(outcome.stdout) as AgreementJson;
  const reason = (o: object, k: string) => (o as Record<string, string>)[`${k}_reason`];
  io.out(
    [
      `Agreement of ${r.raters.b} with reference ${r.raters.a}`,
      `  recordings compared  ${r.n_recordings}${r.incomplete_recordings.length ? ` (${r.incomplete_recordings.length} incomplete left out of the totals)` : ''}`,
      `  step judgments       ${r.n_steps}`,
      `  overall PLCC         ${fmt(r.overall.plcc, reason(r.overall, 'plcc'))}`,
      `  overall SRCC         ${fmt(r.overall.srcc, reason(r.overall, 'srcc'))}`,
      `  step κ (quadratic)   ${fmt(r.step.qwk, reason(r.step, 'qwk'))}`,
      `  step AC1             ${fmt(r.step.ac1, reason(r.step, 'ac1'))}`,
      `  exact / adjacent     ${fmt(r.step.exact)} / ${fmt(r.step.adjacent)}`,
      `  error detection      precision ${fmt(r.binary.precision)}  recall ${fmt(r.binary.recall)}  F1 ${fmt(r.binary.f1)}  MCC ${fmt(r.binary.mcc)}`,
      `                       tp ${r.binary.tp}  fp ${r.binary.fp}  fn ${r.binary.fn}  tn ${r.binary.tn}`,
      `  For context: physicians agree at PLCC 0.871 and κ 0.732; the best published model reached PLCC 0.158, κ ≈ 0.05, MCC 0.132.`,
    ].join('\n') + '\n',
  );
  return 0;
}
