// The esbuild bundles, shared by scripts/build.mjs (the app), bin/osce.mjs (the CLI, built on
// demand) and the main-process harness (tests/main-process), so each runs what the app ships.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Native modules and binary-carrying packages stay outside the bundle; electron-builder unpacks them.
// electron-updater stays outside too: it is loaded only when a lab configured an update server.
// The face detector reads its model and .wasm files from its packages' folders, so it stays outside too.
const external = [
  'electron',
  'electron-updater',
  'better-sqlite3',
  '@ffmpeg-installer/ffmpeg',
  '@ffprobe-installer/ffprobe',
  'sharp',
  '@vladmandic/human',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-wasm',
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  absWorkingDir: root,
};

const cjs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** main.cjs, preload.cjs, backend-worker.cjs and integrity-check.cjs (CommonJS for Electron) into outDir. */
export async function buildMainBundles(outDir = join(root, 'dist', 'main')) {
  await Promise.all([
    build({ ...cjs, entryPoints: ['main/main.ts'], outfile: join(outDir, 'main.cjs') }),
    build({ ...cjs, entryPoints: ['preload/preload.ts'], outfile: join(outDir, 'preload.cjs') }),
    build({ ...cjs, entryPoints: ['services/backend/worker.ts'], outfile: join(outDir, 'backend-worker.cjs') }),
    // The backend worker's start-up integrity check runs in a thread of its own (services/backend/background-check.ts).
    build({
      ...cjs,
      entryPoints: ['services/backend/integrity-check-thread.ts'],
      outfile: join(outDir, 'integrity-check.cjs'),
    }),
  ]);
  // The HTML report inlines Chart.js, and a packaged app has no node_modules/chart.js to read it from.
  mkdirSync(join(outDir, 'vendor'), { recursive: true });
  copyFileSync(
    join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'),
    join(outDir, 'vendor', 'chart.umd.min.js'),
  );
}

export const CLI_OUT_DIR = join(root, 'dist', 'cli');

/**
 * The `osce` CLI as ES modules with code splitting: cli/main.ts imports each command lazily, so
 * `osce --version` loads only the entry chunk. The chunks sit beside the entry (no subfolder) so
 * paths like ../../resources resolve as they do from dist/main.
 */
export async function buildCli(outDir = CLI_OUT_DIR) {
  await build({
    ...common,
    // PDF output drives the system Chromium through playwright-core, a development tool (see
    // services/reports/pdf.ts): loaded from node_modules when a PDF is asked for, never bundled.
    external: [...external, 'playwright-core'],
    entryPoints: { osce: 'cli/main.ts' },
    outdir: outDir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    // Bundled CommonJS packages call require() for Node built-ins; ESM has no require of its own.
    banner: {
      js: "import { createRequire as __osceCreateRequire } from 'node:module'; const require = __osceCreateRequire(import.meta.url);",
    },
  });
}
