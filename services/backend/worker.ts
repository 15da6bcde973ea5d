// Entry of the backend worker thread: all database and media work runs here, off the UI thread.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../contract/validate';
import { Dispatcher } from './dispatcher';
import { createBackendHandlers } from './handlers';
import { openServiceContext, type BackendOptions } from './open';
import type { WorkerInbound, WorkerOutbound } from './protocol';
import { scheduledBackup } from '../backup-schedule';
import type { ServiceContext } from '../context';

const port = parentPort!;
const post = (m: WorkerOutbound) => port.postMessage(m);

let dispatcher: Dispatcher | null = null;
let close: (() => void) | null = null;
let ctx: ServiceContext | null = null;
const HOUR_MS = 60 * 60 * 1000;
try {
  const opened = openServiceContext(workerData as BackendOptions);
  close = opened.close;
  ctx = opened.ctx;
  // A daily backup, checked hourly (and once shortly after start) while the app is open.
  const daily = () => ctx && void scheduledBackup(ctx, 'daily');
  setTimeout(daily, 60_000).unref();
  setInterval(daily, HOUR_MS).unref();
  dispatcher = new Dispatcher(
    createBackendHandlers(opened.ctx),
    (event, payload) => post({ type: 'event', event, payload }),
    opened.ctx.log,
  );
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'fatal', error: toErrorInfo(err) });
}

port.on('message', async (m: WorkerInbound) => {
  if (m.type === 'call') {
    const envelope = dispatcher
      ? await dispatcher.call(m.name, m.args)
      : { ok: false as const, error: { name: 'BackendUnavailable', message: 'The database could not be opened.' } };
    post({ type: 'result', id: m.id, envelope });
  } else if (m.type === 'shutdown') {
    dispatcher?.cancelAll();
    if (ctx) await scheduledBackup(ctx, 'exit');
    close?.();
    post({ type: 'closed' });
  }
});
