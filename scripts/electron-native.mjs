// better-sqlite3 must be compiled for Electron's ABI inside the app and for Node's ABI in tests and
// the CLI. node_modules keeps the Node build; the Electron build lives in .electron-native/<version>/
// and the app loads it through better-sqlite3's `nativeBinding` option (OSCE_SQLITE_BINDING).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export function electronVersion() {
  return require('electron/package.json').version;
}

export function ensureElectronSqlite() {
  const version = electronVersion();
  const target = join(root, '.electron-native', version, 'better_sqlite3.node');
  if (existsSync(target)) return target;

  const work = join(root, '.electron-native', 'build-src');
  rmSync(work, { recursive: true, force: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  // Node's headers (npm_config_nodedir) would give the wrong ABI: build against Electron's.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)),
  );
  const run = (args) => spawnSync(process.execPath, args, { cwd: work, stdio: 'inherit', env }).status === 0;

  console.log(`Preparing better-sqlite3 for Electron ${version} (once)...`);
  const ok =
    run([require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', version]) ||
    run([
      require.resolve('node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${version}`,
      '--dist-url=https://electronjs.org/headers',
      `--arch=${process.arch}`,
    ]);
  if (!ok) throw new Error('Could not build better-sqlite3 for Electron (this needs internet access once).');
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(work, { recursive: true, force: true });
  return target;
}
