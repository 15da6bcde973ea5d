import type { Envelope } from '../../contract/define';
import { dataFolders } from '../core/paths';
import type { BackendOptions } from './open';
import { BackendWorker, type WorkerHooks } from './worker-client';
import type { StoredSecret } from '../core/context';
import type { ApiErrorInfo } from '../../contract/define';
import type { RestoreRequest } from '../integrity/restore-in-app';

/** A named error the worker reported, thrown again on the host side with the same name and message. */
class BackendError extends Error {
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

/**
 * The backend worker behind a stable handle, so the host (Electron main or the test bridge) can
 * switch the open database (the demo database and back) without re-wiring IPC, media or keys.
 */
export class SwitchableBackend {
  private worker: BackendWorker;
  private options: BackendOptions;

  constructor(
    private readonly workerFile: string,
    options: BackendOptions,
    private readonly onEvent: (event: string, payload: unknown) => void,
    private readonly hooks: WorkerHooks = {},
  ) {
    this.options = options;
    this.worker = new BackendWorker(workerFile, options, onEvent, hooks);
  }

  get ready(): Promise<void> {
    return this.worker.ready;
  }
  get startupError() {
    return this.worker.startupError;
  }
  get dbPath(): string {
    return this.options.dbPath;
  }
  get libraryDir(): string {
    return dataFolders(this.options.dbPath).libraryDir;
  }
  get dataDir(): string {
    return dataFolders(this.options.dbPath).dataDir;
  }

  call(name: string, args: unknown): Promise<Envelope<unknown>> {
    return this.worker.call(name, args);
  }

  storeSecret(name: string, stored: StoredSecret | null): Promise<void> {
    return this.worker.storeSecret(name, stored);
  }

  /** Stops the current worker (its exit backup included) and opens another database. */
  async switchTo(dbPath: string, opts: { createDemo?: boolean } = {}): Promise<void> {
    await this.worker.stop();
    this.options = { ...this.options, dbPath, createDemo: opts.createDemo };
    this.worker = new BackendWorker(this.workerFile, this.options, this.onEvent, this.hooks);
    await this.worker.ready;
  }

  /**
   * Restores a backup over the open database: this worker closes it (writing its exit backup), a new
   * one restores with every check of `osce restore` and opens the result, or the untouched database
   * after a refusal, which is thrown with its name and reason.
   */
  async restore(request: RestoreRequest): Promise<unknown> {
    await this.worker.stop();
    this.worker = new BackendWorker(this.workerFile, { ...this.options, restore: request }, this.onEvent, this.hooks);
    await this.worker.ready;
    const outcome = this.worker.restoreOutcome;
    if (this.worker.startupError) throw new BackendError(this.worker.startupError);
    if (!outcome) throw new BackendError({ name: 'RestoreFailed', message: 'The backend did not report the restore.' });
    if (!outcome.ok) throw new BackendError(outcome.error);
    return outcome.value;
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }
}
