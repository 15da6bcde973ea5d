/**
 * API keys in the host process: encrypted with Electron's safeStorage (the OS keychain) before
 * anything else sees them; the backend worker keeps only the ciphertext and asks this module to
 * decrypt it when a batch runs. On Linux without a keychain, safeStorage falls back to
 * 'basic_text' (a fixed password every copy of Chromium knows): that is refused unless the user
 * accepted it in Settings. Error messages here name the problem, never any part of a key.
 *
 * safeStorage is passed in, not imported, so the test bridge can run this same code with a
 * simulated keychain and unit tests can pin every branch.
 */
import type { SafeStorage } from 'electron';
import type { z } from 'zod';
import type { Envelope } from '../contract/define';
import { providerKeySecretName, type ApiKeyInput } from '../contract/scoring';
import type { KeyStorageStatus, ModelProvider } from '../contract/scoring';
import type { SettingsValues } from '../contract/system';
import type { StoredSecret } from '../services/core/context';
import { KeyStoreUnavailableError } from '../services/core/errors';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

class PlainTextKeyStorageRefusedError extends Error {
  override name = 'PlainTextKeyStorageRefused';
}

class ApiKeyUnreadableError extends Error {
  override name = 'ApiKeyUnreadable';
  constructor() {
    super(
      'The saved API key could not be decrypted (the system keychain changed or is locked). Enter the key again in Settings › Model providers.',
    );
  }
}

/** What the host needs from the backend worker: a call and the ciphertext store. */
export interface KeyVaultBackend {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  storeSecret(name: string, stored: StoredSecret | null): Promise<void>;
}

const NO_ENCRYPTION =
  'This system offers no encryption for saved keys (Electron safeStorage is unavailable), so an API key cannot be saved. ' +
  'Use a local server that needs no key, or the command line with --api-key-env.';
const PLAIN_TEXT =
  'No system keychain (GNOME Keyring, KWallet) was found. A key saved now would be encrypted with a fixed password that every ' +
  'copy of Chromium knows: anyone who can read the database file could read the key. Start a keychain and restart the app, ' +
  'or accept plain-text-equivalent storage in Settings.';

export function keyStorageStatus(
  safe: SafeStorageLike,
  platform: NodeJS.Platform,
  plainTextAccepted: boolean,
): KeyStorageStatus {
  const available = safe.isEncryptionAvailable();
  // The backend choice exists on Linux only; macOS Keychain and Windows DPAPI are always real.
  const backend = platform === 'linux' ? safe.getSelectedStorageBackend() : 'os';
  const plainTextEquivalent = backend === 'basic_text';
  const undecided = backend === 'unknown';
  let problem: string | null = null;
  if (!available || undecided) problem = NO_ENCRYPTION;
  else if (plainTextEquivalent && !plainTextAccepted) problem = PLAIN_TEXT;
  return {
    available: available && !undecided,
    backend,
    plainTextEquivalent,
    plainTextAccepted,
    canStore: problem === null,
    problem,
  };
}

function unwrap<T>(e: Envelope<unknown>): T {
  if (!e.ok) throw Object.assign(new Error(e.error.message), { name: e.error.name });
  return e.value as T;
}

/**
 * The host calls for keys (keyStorageStatus, setProviderApiKey, removeProviderApiKey) and the
 * worker's secretProvider. `backend` is a getter because the worker is created with the provider.
 */
export function createKeyVault(safe: SafeStorageLike, platform: NodeJS.Platform, backend: () => KeyVaultBackend) {
  const accepted = async () =>
    unwrap<SettingsValues>(await backend().call('getSettings', [])).allowPlainTextKeyStorage === true;
  const status = async () => keyStorageStatus(safe, platform, await accepted());
  const provider = async (id: number) => {
    const found = unwrap<ModelProvider[]>(await backend().call('listModelProviders', [])).find((p) => p.id === id);
    if (!found) throw Object.assign(new Error(`Model provider ${id} was not found.`), { name: 'NotFound' });
    return found;
  };

  return {
    hostHandlers: {
      keyStorageStatus: () => status(),
      setProviderApiKey: async (args: unknown[]): Promise<ModelProvider> => {
        const { providerId, apiKey } = args[0] as z.output<typeof ApiKeyInput>;
        await provider(providerId);
        const s = await status();
        if (!s.canStore)
          throw s.plainTextEquivalent && s.available
            ? new PlainTextKeyStorageRefusedError(s.problem!)
            : new KeyStoreUnavailableError(s.problem!);
        const ciphertext = safe.encryptString(apiKey).toString('base64');
        await backend().storeSecret(providerKeySecretName(providerId), { ciphertext, backend: s.backend });
        return provider(providerId);
      },
      removeProviderApiKey: async (args: unknown[]): Promise<ModelProvider> => {
        const providerId = args[0] as number;
        await backend().storeSecret(providerKeySecretName(providerId), null);
        return provider(providerId);
      },
    },
    /**
     * Encrypts this installation's signing key and audit anchor secret (services/integrity/keys.ts)
     * while the worker starts, so it must not call the worker. A real keychain only: with basic_text
     * the worker keeps them in a 0600 file instead, as the command line does.
     */
    protectSecret: async (plain: string): Promise<StoredSecret> => {
      const s = keyStorageStatus(safe, platform, false);
      if (!s.canStore) throw new KeyStoreUnavailableError(s.problem ?? NO_ENCRYPTION);
      return { ciphertext: safe.encryptString(plain).toString('base64'), backend: s.backend };
    },
    /** Decrypts for the worker; a key kept by basic_text is used only while the user's acceptance stands. */
    secretProvider: async (_name: string, stored: StoredSecret | null): Promise<string | null> => {
      if (!stored) return null;
      if (stored.backend === 'basic_text' && !(await accepted())) throw new PlainTextKeyStorageRefusedError(PLAIN_TEXT);
      try {
        return safe.decryptString(Buffer.from(stored.ciphertext, 'base64'));
      } catch {
        throw new ApiKeyUnreadableError();
      }
    },
  };
}
