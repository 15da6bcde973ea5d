import { Worker } from 'node:worker_threads';
import type { ApiErrorInfo, Envelope } from '../../contract/define';
import type { BackendOptions } from './open';
import type { WorkerInbound, WorkerOutbound } from './protocol';

/**
 * The host side of the backend worker, shared by Electron's main process and the test bridge:
 * sends calls, matches results, forwards events. A worker that failed to open the database
 * answers every call with that failure, so the UI can say exactly what is wrong.
 */
export class BackendWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope<unknown>) => void>();
  private fatal: ApiErrorInfo | null = null;
  readonly ready: Promise<void>;

  constructor(
    workerFile: string,
    options: BackendOptions,
    private readonly onEvent: (event: string, payload: unknown) => void,
  ) {
    this.worker = new Worker(workerFile, { workerData: { ...options, logger: undefined } });
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (m: WorkerOutbound) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') {
          this.fatal = m.error;
          resolve();
        } else if (m.type === 'result') {
          this.pending.get(m.id)?.(m.envelope);
          this.pending.delete(m.id);
        } else if (m.type === 'event') this.onEvent(m.event, m.payload);
      });
      this.worker.on('error', (err) => {
        this.fatal = { name: 'BackendCrashed', message: `The backend stopped: ${err.message}` };
        for (const settle of this.pending.values()) settle({ ok: false, error: this.fatal });
        this.pending.clear();
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
