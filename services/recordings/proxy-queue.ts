/**
 * Makes playable H.264 proxies in the background, one at a time. The queue is the database
 * itself (recordings with proxy_status 'pending'), so it survives a restart: the app resumes the
 * pending ones when it starts, and a proxy interrupted by quitting is simply made again.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  nextPendingProxy,
  readyProxyUsesSha,
  setProxyFailed,
  setProxyReady,
  type RecordingRow,
} from '../../db/queries/recordings';
import type { ServiceContext } from '../core/context';
import { makePlayableProxy, MediaBinaryNotFoundError } from '../media';
import { isCancel } from './import-file';
import { libraryPath } from './library';

export interface ProxyQueueOptions {
  /** A recording's proxy status changed (ready or failed): the UI reloads its list. */
  onChange?: (recordingId: number) => void;
  onProgress?: (recordingId: number, fraction: number) => void;
}

export class ProxyQueue {
  private loop: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly controller = new AbortController();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: ProxyQueueOptions = {},
  ) {}

  /** Starts working through pending proxies, or makes the running loop look again when it ends. */
  kick(): void {
    if (this.stopped) return;
    if (this.loop) {
      this.again = true;
      return;
    }
    this.loop = this.run().finally(() => {
      this.loop = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no proxy is being made (tests, the CLI). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Cancels the proxy being made (it stays pending for the next start) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await this.idle();
  }

  private nextPending(): RecordingRow | undefined {
    return nextPendingProxy(this.ctx.db);
  }

  private async run(): Promise<void> {
    // Let the caller finish first (the worker posts 'ready'); locating ffmpeg below runs it synchronously.
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.nextPending()) return;
    let binaries: { ffmpeg: string; ffprobe: string };
    try {
      binaries = this.ctx.media.binaries();
    } catch (error) {
      // Without ffmpeg nothing can be made; the rows stay pending until it is configured and the app restarts.
      this.ctx.log.warn('playable proxies postponed', { error: (error as Error).message });
      return;
    }
    for (let row = this.nextPending(); row && !this.stopped; row = this.nextPending()) {
      const done = await this.makeOne(row, binaries.ffmpeg);
      if (!done) return;
    }
  }

  /** False when the queue should stop (cancelled, or ffmpeg vanished). */
  private async makeOne(row: RecordingRow, ffmpegPath: string): Promise<boolean> {
    try {
      const { abs: out, rel } = libraryPath(this.ctx.libraryDir, 'proxy', row.sha256);
      // Left by a run that stopped between writing the proxy and recording it: it is complete (renamed into place).
      if (!existsSync(out)) {
        await mkdir(dirname(out), { recursive: true });
        await makePlayableProxy(row.stored_path, out, {
          ffmpegPath,
          durationS: row.duration_s,
          signal: this.controller.signal,
          onProgress: (f) => this.opts.onProgress?.(row.id, f),
        });
      }
      const changed = setProxyReady(this.ctx.db, row.id, rel);
      if (!changed && !this.isReferenced(row.sha256)) await rm(out, { force: true });
    } catch (error) {
      if (isCancel(error) || this.controller.signal.aborted) return false;
      if (error instanceof MediaBinaryNotFoundError) {
        this.ctx.log.warn('playable proxies postponed', { error: error.message });
        return false;
      }
      setProxyFailed(this.ctx.db, row.id, (error as Error).message.slice(0, 2000));
      this.ctx.log.warn('playable proxy failed', { recording: row.id, error: (error as Error).message });
    }
    this.opts.onChange?.(row.id);
    return true;
  }

  private isReferenced(sha256: string): boolean {
    return readyProxyUsesSha(this.ctx.db, sha256);
  }
}

const queues = new WeakMap<ServiceContext, ProxyQueue>();

/** The one queue of a service context; the first caller's options (the app's event wiring) win. */
export function proxyQueueFor(ctx: ServiceContext, opts?: ProxyQueueOptions): ProxyQueue {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new ProxyQueue(ctx, opts);
    queues.set(ctx, queue);
  }
  return queue;
}
