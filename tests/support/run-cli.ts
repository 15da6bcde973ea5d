import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** Runs the real `osce` bin the way `npx osce` does, and returns its exit code and output. */
export function osce(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd: root,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
