#!/usr/bin/env node
// The `osce` command: runs the CLI bundled by esbuild into dist/cli (the same service code as the
// app). In a checkout the bundle is built on first use and rebuilt when a source file is newer.
import { pathToFileURL } from 'node:url';
import { CLI_ENTRY, ensureCliBundle } from '../scripts/cli-bundle.mjs';

try {
  await ensureCliBundle();
} catch (err) {
  process.stderr.write(`osce: ${err.message}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(CLI_ENTRY).href);
process.exitCode = await main(process.argv);
