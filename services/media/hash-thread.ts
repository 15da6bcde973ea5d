/**
 * SHA-256 of recordings, and the import's copy-and-hash, in worker threads. Each thread reads into
 * one reused 256 KiB buffer and hashes it while it is still in the core's cache: about OpenSSL's own
 * speed (a 55 MB file in ~50 ms here), where a stream of fresh 1 MiB buffers cost twice the CPU in
 * page faults and copies, and, done on the backend's event loop, let two imports' files queue
 * behind each other's hashing. Several files are hashed on several cores.
 *
 * The thread's code is plain CommonJS with Node's built-ins only, given to the Worker as source,
 * so the same code runs under tsx, vitest, the CLI bundle and the app's backend worker with no
 * file of its own to ship. A cancel sets a flag the thread checks at every chunk, so it stops
 * within one chunk and ends the job (its files are closed right after) before the caller removes
 * a half-written copy.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Semaphore } from '../core/semaphore';
import { CancelledError } from './errors';

const CHUNK_BYTES = 256 * 1024;
/** Progress is told every 1 MiB: a gigabyte is a thousand small messages. */
const PROGRESS_EVERY_BYTES = 1024 * 1024;
/** A thread that has not stopped this long after a cancel (a hung network share) is terminated. */
const CANCEL_GRACE_MS = 2000;

const THREAD_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafeSlow(${CHUNK_BYTES});
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0);
parentPort.on('message', (job) => {
  const cancel = new Int32Array(job.cancel);
  let input = -1;
  let output = -1;
  let side = 'source';
  let created = false;
  try {
    // O_NONBLOCK: a pipe put where the file was checked opens at once instead of waiting for a writer.
    // A file under another program's lease (a Samba or NFS share) refuses a non-blocking open: a
    // regular file is then opened the usual way, and waits for the lease as any program would.
    try {
      input = fs.openSync(job.source, READ_FLAGS);
    } catch (error) {
      if (!error || (error.code !== 'EAGAIN' && error.code !== 'EWOULDBLOCK') || !fs.statSync(job.source).isFile()) throw error;
      input = fs.openSync(job.source, 'r');
    }
    if (!fs.fstatSync(input).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREGULAR' });
    if (job.dest) {
      side = 'dest';
      output = fs.openSync(job.dest, 'wx');
      created = true;
    }
    const hash = createHash('sha256');
    let done = 0;
    let told = 0;
    for (;;) {
      if (Atomics.load(cancel, 0)) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
      side = 'source';
      const n = fs.readSync(input, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      hash.update(chunk);
      if (output >= 0) {
        side = 'dest';
        for (let at = 0; at < n; ) at += fs.writeSync(output, chunk, at, n - at);
      }
      done += n;
      if (done - told >= ${PROGRESS_EVERY_BYTES}) {
        told = done;
        parentPort.postMessage({ type: 'progress', bytes: done });
      }
    }
    if (output >= 0) {
      side = 'dest';
      fs.fsyncSync(output);
    }
    parentPort.postMessage({ type: 'done', sha256: hash.digest('hex'), bytes: done });
  } catch (error) {
    parentPort.postMessage({
      type: 'error',
      side,
      created,
      code: error && error.code,
      syscall: error && error.syscall,
      message: String((error && error.message) || error),
    });
  } finally {
    if (input >= 0) try { fs.closeSync(input); } catch {}
    if (output >= 0) try { fs.closeSync(output); } catch {}
  }
});
`;

/** Hash `source`; with `dest`, also copy it there (created, never overwritten) and flush the copy. */
export interface HashJob {
  source: string;
  dest?: string;
}

export interface HashJobOptions {
  signal?: AbortSignal | undefined;
  onBytes?: ((bytesRead: number) => void) | undefined;
}

/**
 * Why a job failed in the thread: the file-system error (with its code) and whether it concerned
 * the file read or the copy written, so the caller names the right file.
 */
export class HashJobError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly syscall: string | undefined,
    readonly side: 'source' | 'dest',
    /** The copy was created before the failure (the caller removes it). */
    readonly created: boolean,
  ) {
    super(message);
    this.name = 'HashJobError';
  }
}

type ThreadMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; sha256: string; bytes: number }
  | {
      type: 'error';
      side: 'source' | 'dest';
      created: boolean;
      code?: string;
      syscall?: string;
      message: string;
    };

type Finish = { sha256: string; bytes: number } | { error: Error };

/** For a job no one can cancel. */
const NEVER = new AbortController().signal;

class HashPool {
  private readonly idle: Worker[] = [];
  private readonly threads: Semaphore;

  constructor(size: number) {
    this.threads = new Semaphore(size);
  }

  async run(job: HashJob, opts: HashJobOptions): Promise<{ sha256: string; bytes: number }> {
    const { signal } = opts;
    const release = await this.threads.acquire(signal ?? NEVER).catch((error: unknown) => {
      throw error instanceof CancelledError ? new CancelledError(job.source) : error;
    });
    let worker: Worker;
    try {
      worker = this.idle.pop() ?? this.spawn();
    } catch (error) {
      release();
      throw error;
    }
    worker.ref();
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    let keep = true;
    // A progress callback that throws stops the job and is its failure, as it would be on this thread.
    const callback: { failed: boolean; error?: unknown } = { failed: false };
    const tell = (bytes: number) => {
      if (callback.failed) return;
      try {
        opts.onBytes?.(bytes);
      } catch (error) {
        Object.assign(callback, { failed: true, error });
        Atomics.store(cancel, 0, 1);
      }
    };
    const finished = new Promise<Finish>((resolve) => {
      const onMessage = (m: ThreadMessage) => {
        if (m.type === 'progress') return tell(m.bytes);
        cleanup();
        if (m.type === 'done') return resolve({ sha256: m.sha256, bytes: m.bytes });
        resolve({ error: new HashJobError(m.message, m.code, m.syscall, m.side, m.created) });
      };
      const onError = (error: Error) => {
        keep = false;
        cleanup();
        resolve({ error: new Error(`the hashing thread stopped: ${error.message}`) });
      };
      const onExit = (code: number) => {
        keep = false;
        cleanup();
        resolve({ error: new Error(`the hashing thread stopped (exit ${code})`) });
      };
      const cleanup = () => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    // A cancel raises the thread's flag; a thread that has not answered CANCEL_GRACE_MS later is
    // blocked in a read (a hung network share): it is left to be terminated when the read returns.
    let timer: NodeJS.Timeout | undefined;
    let giveUp!: (v: 'stuck') => void;
    const stuck = new Promise<'stuck'>((resolve) => (giveUp = resolve));
    const onAbort = () => {
      Atomics.store(cancel, 0, 1);
      timer = setTimeout(() => giveUp('stuck'), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      worker.postMessage({ source: job.source, dest: job.dest, cancel: cancel.buffer });
      const outcome = await Promise.race([finished, stuck]);
      if (outcome === 'stuck') {
        // terminate() takes effect only once the thread is back from the read; the caller does not
        // wait for that, and the stuck thread must not keep the process alive.
        keep = false;
        worker.unref();
        throw new CancelledError(job.source);
      }
      if (signal?.aborted) throw new CancelledError(job.source);
      if (callback.failed) throw callback.error;
      if ('error' in outcome) {
        if (outcome.error instanceof HashJobError && outcome.error.code === 'CANCELLED')
          throw new CancelledError(job.source);
        throw outcome.error;
      }
      tell(outcome.bytes);
      if (callback.failed) throw callback.error;
      return outcome;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (keep) {
        worker.unref();
        this.idle.push(worker);
      } else void worker.terminate().catch(() => undefined);
      release();
    }
  }

  private spawn(): Worker {
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    // An idle thread that dies is dropped; its error is not the process's.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }
}

let pool: HashPool | undefined;

/** Runs one job on the shared pool (one thread per core, at most four). */
export function runHashJob(job: HashJob, opts: HashJobOptions = {}): Promise<{ sha256: string; bytes: number }> {
  pool ??= new HashPool(Math.max(1, Math.min(4, availableParallelism())));
  return pool.run(job, opts);
}
