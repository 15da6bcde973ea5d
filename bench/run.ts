// `npm run bench`: builds its own inputs, runs each case several times, prints a table (median,
// min, max, p95, ratio to the baseline measured in the same run) and writes bench/results.json
// after every case, so a case that fails loses nothing measured before it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { agreementCase } from './cases/agreement';
import { framesCase } from './cases/frames';
import { scoringCase } from './cases/scoring';
import { maskingCase } from './cases/masking';
import { importCase } from './cases/import';
import { reviewCase } from './cases/review';
import { reportCase } from './cases/report';
import { cliStartCase } from './cases/cli-start';
import { machine, printTable, type CaseResult } from './lib';

const root = resolve(import.meta.dirname);
const work = join(root, 'work');
mkdirSync(work, { recursive: true });

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const quick = process.argv.includes('--quick');
const runs = (n: number) => (quick ? Math.max(1, Math.ceil(n / 3)) : n);

const cases: [string, () => Promise<CaseResult | CaseResult[]>][] = [
  ['frames', () => framesCase(work, runs(5))],
  ['import', () => importCase(work, runs(3))],
  ['scoring', () => scoringCase(work, runs(3))],
  ['masking', () => maskingCase(work, runs(5))],
  ['agreement', () => agreementCase(runs(5))],
  ['review', () => reviewCase(work, runs(5))],
  ['report', () => reportCase(runs(5))],
  ['cli', () => cliStartCase(runs(15))],
];

const started = Date.now();
const file = join(root, 'results.json');
// Running some cases (npm run bench -- cli) replaces those cases in results.json and keeps the others.
const previous =
  only.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: CaseResult[] }) : null;
const results: CaseResult[] = [];
const failed: string[] = [];

function write(): void {
  const out = {
    generatedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    ...(previous ? { partial: `this run: ${only.join(', ')}; other cases from the previous run` } : {}),
    machine: machine(),
    met: results.every((r) => !r.target || r.target.met),
    results: previous ? [...previous.results.filter((r) => !results.some((n) => n.id === r.id)), ...results] : results,
  };
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
}

for (const [name, run] of cases) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  try {
    const r = await run();
    results.push(...(Array.isArray(r) ? r : [r]));
  } catch (e) {
    // A case that fails is a missed target with its reason, and the next case still runs.
    const reason = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`bench: ${name} failed: ${reason}\n`);
    failed.push(name);
    results.push({
      id: name,
      title: `${name} (failed)`,
      series: [],
      target: { description: `the case failed: ${reason.split('\n')[0]}`, met: false },
    });
  }
  write();
}
printTable(results);
console.log(`\nwrote bench/results.json (${Math.round((Date.now() - started) / 1000)} s)`);
const withTarget = results.filter((r) => r.target);
const missed = withTarget.filter((r) => !r.target!.met);
console.log(
  missed.length
    ? `targets missed: ${missed.map((r) => r.id).join(', ')} (${withTarget.length - missed.length} of ${withTarget.length} met)`
    : `all ${withTarget.length} targets met`,
);
if (failed.length) console.log(`cases that failed: ${failed.join(', ')}`);
process.exitCode = missed.length ? 1 : 0;
