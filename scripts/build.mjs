// Builds everything the app and the end-to-end tests run: main, preload and the backend worker
// (esbuild, CommonJS for Electron), the `osce` CLI (esbuild, ES modules) and the renderer (Vite).
import { build as viteBuild } from 'vite';
import { join } from 'node:path';
import { buildCli, buildMainBundles, root } from './build-lib.mjs';

const only = process.argv.includes('--node-only')
  ? 'node'
  : process.argv.includes('--renderer-only')
    ? 'renderer'
    : 'all';

if (only !== 'renderer') await Promise.all([buildMainBundles(), buildCli()]);
if (only !== 'node') {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', root: join(root, 'renderer') });
}
console.log(`build: ${only} done`);
