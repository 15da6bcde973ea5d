/**
 * A counting semaphore: at most `limit` holders at once, served in the order they asked; a cancel
 * while waiting rejects without taking a slot, and releasing twice releases once. Scoring bounds
 * frame extraction and memory with it (and each provider's adaptive gate moves its limit), the
 * import the files it reads at once, hashing the threads it keeps busy.
 */
import { CancelledError } from './errors';

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  get inUse(): number {
    return this.active;
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length) {
      this.active++;
      this.waiting.shift()!();
    }
  }

  /** Waits for a slot; a cancel while waiting rejects without taking one. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw new CancelledError();
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
      this.drain();
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }

  async run<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
