// Entry of the backend worker thread: all database and media work runs here, off the UI thread.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../contract/validate';
import { Dispatcher, type Emit } from './dispatcher';
import { createBackendHandlers } from './handlers';
import { openServiceContext, type BackendOptions } from './open';
import { checkIntegrityInBackground } from './background-check';
import type { WorkerInbound, WorkerOutbound } from './protocol';
import { scheduledBackup } from '../integrity/backup-schedule';
import type { ServiceContext } from '../core/context';
import { startMediaBackground } from '../recordings/background';
import { startScoringBackground, type ScoringBackground } from '../scoring/providers/background';
import { createWorkerHostLink, storeSecretForHost } from './host-link';
import { ensureDemoDatabase } from '../demo/create';
import { InstallationKeysLockedError, loadProtectedKeys } from '../integrity/keys';
import { restoreBeforeOpening } from '../integrity/restore-in-app';

const port = parentPort!;
const post = (m: WorkerOutbound) => port.postMessage(m);

let dispatcher: Dispatcher | null = null;
let close: (() => void) | null = null;
let ctx: ServiceContext | null = null;
let media: { stop(): Promise<void> } | null = null;
let scoring: ScoringBackground | null = null;
let hostLink: ReturnType<typeof createWorkerHostLink> | null = null;
const HOUR_MS = 60 * 60 * 1000;
async function boot(): Promise<void> {
  const options = workerData as BackendOptions;
  if (options.createDemo) await ensureDemoDatabase(options.dbPath);
  const emit: Emit = (event, payload) => post({ type: 'event', event, payload });
  // Keys are decrypted by the host (it holds the OS keychain); see host-link.ts.
  hostLink = createWorkerHostLink(post, emit);
  const link = hostLink.link;
  // The signing key and audit anchor secret, kept with the OS keychain by the host (services/integrity/keys.ts).
  const keys = await loadProtectedKeys(options.dbPath, {
    protect: (plain) => link.protectSecret!(plain),
    reveal: async (stored) => (await link.revealSecret('installation-keys', stored)) ?? '',
  }).catch((err) => {
    if (err instanceof InstallationKeysLockedError) return undefined;
    throw err;
  });
  // The app's restore runs here, before the database is opened: nothing else of this app has it open.
  const restore = options.restore
    ? await restoreBeforeOpening(options.dbPath, options.restore, keys ?? null)
    : undefined;
  const opened = openServiceContext({ ...options, keys });
  close = opened.close;
  ctx = opened.ctx;
  // A daily backup, checked hourly (and once shortly after start) while the app is open.
  const daily = () => ctx && void scheduledBackup(ctx, 'daily');
  setTimeout(daily, 60_000).unref();
  setInterval(daily, HOUR_MS).unref();
  dispatcher = new Dispatcher(createBackendHandlers(opened.ctx), emit, opened.ctx.log);
  media = startMediaBackground(opened.ctx, emit);
  opened.ctx.hostLink = link;
  post(restore ? { type: 'ready', restore } : { type: 'ready' });
  // The full integrity check runs now, in a thread of its own, unless the open already ran it (unclean shutdown).
  if (!opened.checked) void checkIntegrityInBackground(opened.ctx, emit, { nativeBinding: options.nativeBinding });
  // Scoring jobs a crash or kill interrupted carry on in the background.
  scoring = startScoringBackground(opened.ctx);
}
boot().catch((err) => post({ type: 'fatal', error: toErrorInfo(err) }));

port.on('message', async (m: WorkerInbound) => {
  if (m.type === 'call') {
    const envelope = dispatcher
      ? await dispatcher.call(m.name, m.args)
      : { ok: false as const, error: { name: 'BackendUnavailable', message: 'The database could not be opened.' } };
    post({ type: 'result', id: m.id, envelope });
  } else if (m.type === 'secret-reply') {
    hostLink?.settle(m);
  } else if (m.type === 'protect-reply') {
    hostLink?.settleProtect(m);
  } else if (m.type === 'secret-store') {
    post(storeSecretForHost(ctx, m));
  } else if (m.type === 'shutdown') {
    dispatcher?.cancelAll();
    await scoring?.stop();
    // An interrupted proxy stays pending and is made again at the next start.
    await media?.stop();
    if (ctx) await scheduledBackup(ctx, 'exit');
    close?.();
    post({ type: 'closed' });
  }
});
