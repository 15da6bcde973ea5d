// `npm run bench`: builds its own inputs, runs each case several times, prints a table (median,
// min, max, p95, ratio to the baseline measured in the same run) and writes bench/results.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { agreementCase } from './cases/agreement';
import { framesCase } from './cases/frames';
import { scoringCase } from './cases/scoring';
import { maskingCase } from './cases/masking';
import { importCase } from './cases/import';
import { reviewCase } from './cases/review';
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
  ['agreement', () => agreementCase(runs(7))],
  ['review', () => reviewCase(work, runs(5))],
  ['cli', () => cliStartCase(runs(15))],
];

const started = Date.now();
const results: CaseResult[] = [];
for (const [name, run] of cases) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const r = await run();
  results.push(...(Array.isArray(r) ? r : [r]));
}
printTable(results);
// Running some cases (npm run bench -- cli) replaces those cases in results.json and keeps the others.
const file = join(root, 'results.json');
const previous =
  only.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: CaseResult[] }) : null;
const out = {
  generatedAt: new Date().toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  ...(previous ? { partial: `this run: ${only.join(', ')}; other cases from the previous run` } : {}),
  machine: machine(),
  results: previous ? [...previous.results.filter((r) => !results.some((n) => n.id === r.id)), ...results] : results,
};
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`\nwrote bench/results.json (${out.durationS} s)`);
const missed = results.filter((r) => r.target && !r.target.met);
if (missed.length) console.log(`targets missed: ${missed.map((r) => r.id).join(', ')}`);
