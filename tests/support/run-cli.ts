import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** The user's own config folder for the commands a test runs (unless it gives one): never the real one. */
let userConfig: string | null = null;
const testUserConfig = () => (userConfig ??= mkdtempSync(join(tmpdir(), 'osce-user-config-')));

/** Runs the real `osce` bin the way `npx osce` does, and returns its exit code and output. */
export function osce(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: testUserConfig(), ...env },
    cwd: root,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
