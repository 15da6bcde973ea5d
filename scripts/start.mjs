// `npm start`: build, make sure SQLite is built for Electron, launch the app.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

if (spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0)
  process.exit(1);

let electronPath;
try {
  electronPath = require('electron'); // downloads the Electron binary on first use
} catch (err) {
  console.error(`Electron is not available: ${err.message}`);
  console.error('It is downloaded on first start and needs internet access once.');
  process.exit(1);
}
const binding = ensureElectronSqlite();
const child = spawn(electronPath, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, OSCE_SQLITE_BINDING: binding },
});
child.on('exit', (code) => process.exit(code ?? 0));
