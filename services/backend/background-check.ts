/**
 * The app's full integrity check at start-up, in a thread of its own on a read-only connection
 * (WAL: it never blocks the backend's writes), started once the window is usable. A damaged
 * database is reported in appInfo and by an event, with the newest backup named, so the page can
 * tell the examiner to stop and restore; the log has it too.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IntegrityCheckState } from '../../contract/system';
import type { ServiceContext } from '../core/context';
import type { Emit } from './dispatcher';
import { latestBackupOf } from './open';

/** Beside the bundled backend worker (scripts/build-lib.mjs builds both). */
const DEFAULT_THREAD = () => fileURLToPath(new URL('./integrity-check.cjs', import.meta.url));

function runIntegrityCheckThread(dbPath: string, nativeBinding?: string, threadFile = DEFAULT_THREAD()) {
  return new Promise<{ result?: string; error?: string }>((resolve) => {
    const thread = new Worker(threadFile, { workerData: { dbPath, nativeBinding } });
    thread.once('message', (m: { result?: string; error?: string }) => resolve(m));
    thread.once('error', (err) => resolve({ error: err.message }));
    thread.once('exit', (code) => resolve({ error: `the check stopped (exit ${code})` }));
  });
}

export async function checkIntegrityInBackground(
  ctx: ServiceContext,
  emit: Emit,
  opts: { nativeBinding?: string | undefined; threadFile?: string } = {},
): Promise<IntegrityCheckState> {
  ctx.integrityCheck = { state: 'running', detail: null, latestBackup: null };
  const started = performance.now();
  const { result, error } = await runIntegrityCheckThread(ctx.dbPath, opts.nativeBinding, opts.threadFile);
  let state: IntegrityCheckState;
  if (result === 'ok') {
    state = { state: 'ok', detail: null, latestBackup: null };
    ctx.log.info('integrity check passed', { ms: Math.round(performance.now() - started) });
  } else if (result !== undefined) {
    state = { state: 'damaged', detail: result, latestBackup: ctx.db.open ? latestBackupOf(ctx.db, ctx.dbPath) : null };
    ctx.log.error('integrity check found damage', { detail: result, latestBackup: state.latestBackup });
  } else {
    // Not a verdict about the data (the thread could not start): said as such, not as damage.
    state = { state: 'not-run', detail: error ?? 'the check did not answer', latestBackup: null };
    ctx.log.warn('integrity check could not run', { error });
  }
  ctx.integrityCheck = state;
  emit('integrity-check', state);
  return state;
}
