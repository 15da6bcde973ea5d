// Builds everything the app and the end-to-end tests run: main, preload and the backend worker
// (esbuild, CommonJS for Electron) and the renderer (Vite).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { copyFileSync, mkdirSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';

// Native modules and binary-carrying packages stay outside the bundle; electron-builder unpacks them.
// The face detector reads its model and .wasm files from its packages' folders, so it stays outside too.
const external = [
  'electron', 'better-sqlite3', 'fluent-ffmpeg', '@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe',
  'sharp', '@vladmandic/human', '@tensorflow/tfjs-core', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-backend-wasm',
];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

if (only !== 'renderer') {
  await Promise.all([
    build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' }),
    build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist/main/preload.cjs' }),
    build({ ...common, entryPoints: ['services/backend/worker.ts'], outfile: 'dist/main/backend-worker.cjs' }),
  ]);
  // The HTML report inlines Chart.js, and a packaged app has no node_modules/chart.js to read it from.
  mkdirSync(join(root, 'dist', 'main', 'vendor'), { recursive: true });
  copyFileSync(join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), join(root, 'dist', 'main', 'vendor', 'chart.umd.min.js'));
}
if (only !== 'node') {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', root: join(root, 'renderer') });
}
console.log(`build: ${only} done`);
