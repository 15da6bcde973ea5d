// Keeps dist/cli (the bundled `osce` command) in step with the sources: bin/osce.mjs calls
// ensureCliBundle() before every run, so `npx osce` works in a fresh clone before any build and
// never runs a bundle older than the code. The check only stats files (a few milliseconds); esbuild
// is loaded only when a build is needed.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_ENTRY = join(root, 'dist', 'cli', 'osce.mjs');
/** Everything the CLI bundle is made from (tests excluded: they are not in it). */
const SOURCE_DIRS = ['cli', 'services', 'db', 'domain', 'contract', 'resources'];
const SOURCE_FILES = ['package.json', 'scripts/build-lib.mjs'];
const LOCK = join(root, 'dist', '.cli-build.lock');
const STALE_LOCK_MS = 120_000;

function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!entry.name.includes('.test.') && !entry.name.includes('.test-helper.'))
        newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function bundleTime() {
  try {
    return statSync(CLI_ENTRY).mtimeMs;
  } catch {
    return -1;
  }
}

export function cliBundleIsCurrent() {
  const built = bundleTime();
  return built >= 0 && built >= newestSource();
}

/** Builds dist/cli when it is missing or older than a source file; one process builds, others wait. */
export async function ensureCliBundle() {
  if (cliBundleIsCurrent()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another `osce` is building: wait for it, then use its bundle (or take over a stale lock).
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS)
        rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
      if (cliBundleIsCurrent()) return;
    }
  }
  try {
    if (cliBundleIsCurrent()) return;
    let buildCli;
    try {
      ({ buildCli } = await import('./build-lib.mjs'));
    } catch (err) {
      throw new Error(
        `the osce command is not built and esbuild is missing (${err.message}); run npm install, then npm run build`,
        { cause: err },
      );
    }
    await buildCli();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
