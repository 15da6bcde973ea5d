import type { Db } from '../db/connection';
import type { Logger } from './log';

/** Everything a service needs, built once per process (app worker, CLI, test bridge). */
export interface ServiceContext {
  db: Db;
  dbPath: string;
  dataDir: string;
  libraryDir: string;
  cacheDir: string;
  appVersion: string;
  log: Logger;
  /** Set only in a packaged app: where asar-unpacked resources (bundled ffmpeg) live. */
  packagedResourcesDir?: string;
}

/** Per-call context for long operations: cancellation and progress. */
export interface OperationContext {
  signal: AbortSignal;
  progress(p: { done: number; total: number; current?: string; etaS?: number; message?: string }): void;
}

export const noopOperation: OperationContext = { signal: new AbortController().signal, progress() {} };
