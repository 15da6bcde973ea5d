// TEST-ONLY: builds the main process with the app's own build code (scripts/build-lib.mjs) and
// launches it in a child Node process with the Electron stand-in (main-child.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildConfig } from './main-child';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface BuiltApp {
  /** dist-like folder: main/{main,preload,backend-worker}.cjs and renderer/ with a small test page. */
  dir: string;
  mainFile: string;
  rendererDir: string;
  remove(): void;
}

/**
 * Bundles main, preload and worker exactly as `npm run build` does, into a folder inside the
 * checkout (so externals such as better-sqlite3 resolve from node_modules as they do from dist/).
 */
export async function buildApp(): Promise<BuiltApp> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'dist', 'harness-'));
  const { buildMainBundles } = await import('../../scripts/build-lib.mjs');
  await buildMainBundles(join(dir, 'main'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>OSCE</title><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  return {
    dir,
    mainFile: join(dir, 'main', 'main.cjs'),
    rendererDir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface LaunchOptions extends Omit<ChildConfig, 'mainFile' | 'userData'> {
  userData?: string;
}

export interface MainProcess {
  userData: string;
  send<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Resolves with the exit code once the process ends by itself. */
  exited: Promise<number | null>;
  kill(): void;
}

export async function launchMain(app: BuiltApp, opts: LaunchOptions = {}): Promise<MainProcess> {
  const userData = opts.userData ?? mkdtempSync(join(ROOT, 'dist', 'harness-user-'));
  const config: ChildConfig = { ...opts, userData, mainFile: app.mainFile };
  const child: ChildProcess = fork(join(import.meta.dirname, 'main-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, OSCE_MAIN_HARNESS: JSON.stringify(config), OSCE_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let loaded!: () => void;
  const isLoaded = new Promise<void>((r) => (loaded = r));
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    if (m.id === 0) return loaded();
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(m.error));
  });
  void exited.then((code) => {
    for (const p of pending.values()) p.reject(new Error(`main process exited (${code}) before answering:\n${output}`));
    pending.clear();
    loaded();
  });
  await isLoaded;
  return {
    userData,
    send: <T>(op: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`main process is not running:\n${output}`));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args });
      }),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
