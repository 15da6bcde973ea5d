import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureCliBundle } from '../../scripts/cli-bundle.mjs';
import { measurePair, withRatios, type CaseResult } from '../lib';

const root = resolve(import.meta.dirname, '..', '..');

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * `osce --version` (bin/osce.mjs: the up-to-date check of the bundle, then the bundled entry with
 * no command loaded) against a bare `node -e 0`, alternated in the same run.
 */
export async function cliStartCase(runs: number): Promise<CaseResult> {
  await ensureCliBundle();
  const [base, cand] = await measurePair(
    ['node -e 0', () => run(['-e', '0'])],
    ['osce --version', () => run([join(root, 'bin', 'osce.mjs'), '--version'])],
    runs,
  );
  return withRatios({
    id: 'cli-start',
    title: '`osce --version` wall time against `node -e 0`',
    series: [base, cand],
    baseline: base.name,
    target: {
      description: `under 4x \`node -e 0\` (${(cand.median / base.median).toFixed(2)}x; median ${Math.round(cand.median)} ms, ${Math.round(cand.median - base.median)} ms above bare Node)`,
      met: cand.median < 4 * base.median,
    },
  });
}
