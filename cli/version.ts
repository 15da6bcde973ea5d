import { createRequire } from 'node:module';
// Inlined at build time: the bundled CLI in dist/cli has no package.json beside it.
import pkg from '../package.json';

const require = createRequire(import.meta.url);

export function appVersion(): string {
  return pkg.version;
}

/** The Electron version the app is built for, read without loading Electron (which would download it). */
export function electronInfo(): { version: string | null; binaryInstalled: boolean } {
  try {
    const version = (require('electron/package.json') as { version: string }).version;
    const fs = require('node:fs') as typeof import('node:fs');
    const dir = require.resolve('electron/package.json').replace(/package\.json$/, '');
    return { version, binaryInstalled: fs.existsSync(dir + 'path.txt') };
  } catch {
    return { version: null, binaryInstalled: false };
  }
}
