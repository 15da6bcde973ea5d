import { Worker } from 'node:worker_threads';
import type { ApiErrorInfo, Envelope } from '../../contract/define';
import { toErrorInfo } from '../../contract/validate';
import type { StoredSecret } from '../core/context';
import type { BackendOptions } from './open';
import type { WorkerInbound, WorkerOutbound } from './protocol';

export interface WorkerHooks {
  /**
   * Answers the worker's request for a secret: `stored` is the ciphertext the database holds (null
   * when none). Electron's main decrypts it with safeStorage; the test bridge simulates that.
   */
  secretProvider?(name: string, stored: StoredSecret | null, origin: string | null): Promise<string | null>;
  /** Encrypts this installation's keys with the OS keychain; absent: the worker keeps them in a 0600 file. */
  protectSecret?(plain: string): Promise<StoredSecret>;
}

/** The worker refused to store a key's ciphertext (unknown provider, closed database). */
class SecretStoreError extends Error {
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

/**
 * The host side of the backend worker, shared by Electron's main process and the test bridge:
 * sends calls, matches results, forwards events. A worker that failed to open the database
 * answers every call with that failure, so the UI can say exactly what is wrong.
 */
export class BackendWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope<unknown>) => void>();
  private readonly pendingStores = new Map<number, (error: ApiErrorInfo | null) => void>();
  private fatal: ApiErrorInfo | null = null;
  /** The outcome of the restore this worker ran before opening the database (BackendOptions.restore). */
  restoreOutcome: Envelope<unknown> | null = null;
  readonly ready: Promise<void>;

  constructor(
    workerFile: string,
    options: BackendOptions,
    private readonly onEvent: (event: string, payload: unknown) => void,
    private readonly hooks: WorkerHooks = {},
  ) {
    this.worker = new Worker(workerFile, { workerData: { ...options, logger: undefined } });
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (m: WorkerOutbound) => {
        if (m.type === 'ready') {
          this.restoreOutcome = m.restore ?? null;
          resolve();
        } else if (m.type === 'fatal') {
          this.fatal = m.error;
          resolve();
        } else if (m.type === 'result') {
          this.pending.get(m.id)?.(m.envelope);
          this.pending.delete(m.id);
        } else if (m.type === 'event') this.onEvent(m.event, m.payload);
        else if (m.type === 'secret') void this.answerSecret(m);
        else if (m.type === 'protect') void this.answerProtect(m);
        else if (m.type === 'secret-stored') {
          this.pendingStores.get(m.id)?.(m.error);
          this.pendingStores.delete(m.id);
        }
      });
      this.worker.on('error', (err) => {
        this.fatal = { name: 'BackendCrashed', message: `The backend stopped: ${err.message}` };
        for (const settle of this.pending.values()) settle({ ok: false, error: this.fatal });
        this.pending.clear();
        for (const settle of this.pendingStores.values()) settle(this.fatal);
        this.pendingStores.clear();
        resolve();
      });
    });
  }

  /** Null when the backend started; otherwise why it could not (e.g. a newer database). */
  get startupError(): ApiErrorInfo | null {
    return this.fatal;
  }

  async call(name: string, args: unknown): Promise<Envelope<unknown>> {
    await this.ready;
    if (this.fatal) return { ok: false, error: this.fatal };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'call', id, name, args } satisfies WorkerInbound);
    });
  }

  /** Hands the worker a key's ciphertext to keep (null deletes it); rejects with the worker's named error. */
  async storeSecret(name: string, stored: StoredSecret | null): Promise<void> {
    await this.ready;
    if (this.fatal) throw new SecretStoreError(this.fatal);
    const id = this.nextId++;
    const error = await new Promise<ApiErrorInfo | null>((resolve) => {
      this.pendingStores.set(id, resolve);
      this.worker.postMessage({ type: 'secret-store', id, name, stored } satisfies WorkerInbound);
    });
    if (error) throw new SecretStoreError(error);
  }

  private async answerSecret(m: Extract<WorkerOutbound, { type: 'secret' }>): Promise<void> {
    let reply: WorkerInbound;
    try {
      if (!this.hooks.secretProvider)
        throw new SecretStoreError({ name: 'KeyStoreUnavailable', message: 'This host keeps no API keys.' });
      reply = { type: 'secret-reply', id: m.id, value: await this.hooks.secretProvider(m.name, m.stored, m.origin) };
    } catch (err) {
      // Only the error's name and message cross, and those never carry a key (see main/secrets.ts).
      reply = { type: 'secret-reply', id: m.id, value: null, error: toErrorInfo(err) };
    }
    this.worker.postMessage(reply);
  }

  private async answerProtect(m: Extract<WorkerOutbound, { type: 'protect' }>): Promise<void> {
    let reply: WorkerInbound;
    try {
      if (!this.hooks.protectSecret)
        throw new SecretStoreError({ name: 'KeyStoreUnavailable', message: 'This host keeps no keychain.' });
      reply = { type: 'protect-reply', id: m.id, stored: await this.hooks.protectSecret(m.plain) };
    } catch (err) {
      reply = { type: 'protect-reply', id: m.id, stored: null, error: toErrorInfo(err) };
    }
    this.worker.postMessage(reply);
  }

  async stop(): Promise<void> {
    await this.ready;
    if (!this.fatal) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5000);
        this.worker.once('message', (m: WorkerOutbound) => m.type === 'closed' && (clearTimeout(t), resolve()));
        this.worker.postMessage({ type: 'shutdown' } satisfies WorkerInbound);
      });
    }
    await this.worker.terminate();
  }
}
