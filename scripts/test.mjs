// `npm test`: lint, format check, type-check, unit and integration tests (Node), then end-to-end tests in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromium))
  missing.push(`Chromium not found at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
const ffmpegFound = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (!ffmpegFound) missing.push('ffmpeg not found on PATH (apt-get install ffmpeg)');
if (missing.length) {
  for (const m of missing) console.error(`test: ${m}`);
  process.exit(1);
}

const steps = [
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['type-check renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']],
  ['type-check end-to-end tests', bin('tsc'), ['-p', 'tests/tsconfig.json', '--noEmit']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['build', process.execPath, [join(root, 'scripts', 'build.mjs')]],
  ['end-to-end tests', bin('playwright'), ['test']],
];
const results = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const status = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  }).status;
  results.push([name, status === 0]);
  if (status !== 0 && name === 'build') break;
}
console.log('\n=== summary ===');
for (const [name, ok] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
const failed = results.filter(([, ok]) => !ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
