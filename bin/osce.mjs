#!/usr/bin/env node
// The `osce` command: runs the TypeScript CLI through tsx, so it uses the very same service code as the app.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
