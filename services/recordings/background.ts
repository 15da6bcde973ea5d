/**
 * Media work the app does while it is open: resume the playable proxies a previous run left
 * pending, and clear temporary files a crashed import left in the library.
 */
import type { Emit } from '../backend/dispatcher';
import type { ServiceContext } from '../core/context';
import { sweepStaleTemps } from './library';
import { proxyQueueFor } from './proxy-queue';

export function startMediaBackground(ctx: ServiceContext, emit: Emit): { stop(): Promise<void> } {
  const queue = proxyQueueFor(ctx, {
    onChange: () => emit('data-changed', { what: 'recordings' }),
    onProgress: (recordingId, fraction) =>
      emit('progress', {
        operationId: `proxy-${recordingId}`,
        kind: 'proxy',
        done: Math.round(fraction * 100),
        total: 100,
      }),
  });
  void sweepStaleTemps(ctx.libraryDir)
    .then((removed) => removed > 0 && ctx.log.info('removed stale temporary files from the library', { removed }))
    .catch(() => {});
  queue.kick();
  return { stop: () => queue.stop() };
}
