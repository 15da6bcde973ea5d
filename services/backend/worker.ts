// Entry of the backend worker thread: all database and media work runs here, off the UI thread.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../contract/validate';
import { Dispatcher } from './dispatcher';
import { createBackendHandlers } from './handlers';
import { openServiceContext, type BackendOptions } from './open';
import type { WorkerInbound, WorkerOutbound } from './protocol';

const port = parentPort!;
const post = (m: WorkerOutbound) => port.postMessage(m);

let dispatcher: Dispatcher | null = null;
let close: (() => void) | null = null;
try {
  const opened = openServiceContext(workerData as BackendOptions);
  close = opened.close;
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
    close?.();
    post({ type: 'closed' });
  }
});
