/**
 * The worker's half of the secret exchange with the host (Electron main, or the test bridge):
 * asks for a stored key to be decrypted and stores ciphertext the host encrypted. The worker never
 * sees the OS keychain; the host never sees the database.
 */
import type { ApiErrorInfo } from '../../contract/define';
import { toErrorInfo } from '../../contract/validate';
import type { HostLink, ServiceContext, StoredSecret } from '../core/context';
import { putStoredSecret } from '../scoring/providers/key-store';
import type { Emit } from './dispatcher';
import type { WorkerInbound, WorkerOutbound } from './protocol';

/** The host could not give a secret; keeps the host's error name (e.g. PlainTextKeyStorageRefused). */
class HostSecretError extends Error {
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

/** A keychain may ask the user to unlock it; beyond this the batch fails rather than hangs. */
const SECRET_TIMEOUT_MS = 120_000;

export function createWorkerHostLink(post: (m: WorkerOutbound) => void, emit: Emit) {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: string | null): void; reject(e: Error): void }>();
  const protecting = new Map<number, { resolve(v: StoredSecret): void; reject(e: Error): void }>();
  const link: HostLink = {
    revealSecret: (name, stored, origin) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new HostSecretError({
              name: 'KeyStoreTimeout',
              message: 'The app did not hand over the saved API key in time (is the keychain locked?).',
            }),
          );
        }, SECRET_TIMEOUT_MS);
        timer.unref();
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        post({ type: 'secret', id, name, stored, origin: origin ?? null });
      }),
    protectSecret: (plain) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          protecting.delete(id);
          reject(
            new HostSecretError({
              name: 'KeyStoreTimeout',
              message: 'The app did not encrypt the installation keys in time (is the keychain locked?).',
            }),
          );
        }, SECRET_TIMEOUT_MS);
        timer.unref();
        protecting.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        post({ type: 'protect', id, plain });
      }),
    dataChanged: (what) => emit('data-changed', { what }),
  };
  return {
    link,
    settle(m: Extract<WorkerInbound, { type: 'secret-reply' }>): void {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new HostSecretError(m.error));
      else p?.resolve(m.value);
    },
    settleProtect(m: Extract<WorkerInbound, { type: 'protect-reply' }>): void {
      const p = protecting.get(m.id);
      protecting.delete(m.id);
      if (m.error || !m.stored)
        p?.reject(
          new HostSecretError(m.error ?? { name: 'KeyStoreUnavailable', message: 'The host keeps no keychain.' }),
        );
      else p?.resolve(m.stored);
    },
  };
}

/** Stores or deletes a key's ciphertext for the host; the answer carries only an error, never data. */
export function storeSecretForHost(
  ctx: ServiceContext | null,
  m: Extract<WorkerInbound, { type: 'secret-store' }>,
): WorkerOutbound {
  try {
    if (!ctx) throw new Error('The database could not be opened.');
    putStoredSecret(ctx.db, m.name, m.stored, 'app');
    ctx.hostLink?.dataChanged('settings');
    return { type: 'secret-stored', id: m.id, error: null };
  } catch (err) {
    return { type: 'secret-stored', id: m.id, error: toErrorInfo(err) };
  }
}
