/** Shared set-up for the import suites: a fresh database and library, and ways to look inside them. */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openServiceContext } from '../../services/backend/open';
import type { OperationContext, ServiceContext } from '../../services/core/context';
import type { Logger } from '../../services/core/log';

export const quiet: Logger = { info() {}, warn() {}, error() {} };

export interface TestLibrary {
  dir: string;
  ctx: ServiceContext;
  close(): void;
  /** Every file under the library folder, relative, sorted (hidden temporary files included). */
  libraryFiles(): string[];
  count(sql: string, ...params: unknown[]): number;
  /** Closes the database and removes the folder. */
  dispose(): Promise<void>;
}

export async function openTestLibrary(prefix = 'osce-import-'): Promise<TestLibrary> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { ctx, close } = openServiceContext({
    dbPath: join(dir, 'data', 'osce.sqlite'),
    appVersion: 'test',
    logger: quiet,
  });
  const walk = (d: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return [];
    }
    return names.flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  };
  return {
    dir,
    ctx,
    close,
    libraryFiles: () =>
      walk(ctx.libraryDir)
        .map((f) => relative(ctx.libraryDir, f))
        .sort(),
    count: (sql, ...params) =>
      ctx.db
        .prepare(sql)
        .pluck()
        .get(...params) as number,
    dispose: async () => {
      close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An operation whose progress reports are recorded and which the test can cancel. */
export function testOperation(): OperationContext & {
  controller: AbortController;
  reports: Parameters<OperationContext['progress']>[0][];
} {
  const controller = new AbortController();
  const reports: Parameters<OperationContext['progress']>[0][] = [];
  return { controller, reports, signal: controller.signal, progress: (p) => reports.push(p) };
}
