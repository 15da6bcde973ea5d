/**
 * API keys in the host process: encrypted with Electron's safeStorage (the OS keychain) before
 * anything else sees them; the backend worker keeps only the ciphertext and asks this module to
 * decrypt it when a batch runs. What is encrypted is the key together with the endpoint (origin)
 * it was saved for, and a key is handed over only for that origin: the database the worker reads
 * the provider's address from can be edited by anyone with the file, so a key must not follow an
 * address changed there. On Linux without a keychain, safeStorage falls back to
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

/** The saved key is for another endpoint than the one the worker is about to send it to. */
class ApiKeyForAnotherEndpointError extends Error {
  override name = 'ApiKeyForAnotherEndpoint';
}

/** A key stored by an earlier version, without the endpoint it is for. */
class ApiKeyNotBoundError extends Error {
  override name = 'ApiKeyNotBound';
  constructor() {
    super(
      'The saved API key was stored by an earlier version of the app, without the address it is for, so it is not used. Enter it again in Settings › Model providers.',
    );
  }
}

/** What is encrypted for a provider: the key and the origin it may be sent to. */
const KEY_PAYLOAD = 'osce-provider-api-key';
const INSTALLATION_KEYS = 'installation-keys';

function boundKey(origin: string, key: string): string {
  return JSON.stringify({ format: KEY_PAYLOAD, version: 1, origin, key });
}

function parseBoundKey(plain: string): { origin: string; key: string } | null {
  try {
    const v = JSON.parse(plain) as { format?: unknown; origin?: unknown; key?: unknown };
    return v.format === KEY_PAYLOAD && typeof v.origin === 'string' && typeof v.key === 'string'
      ? { origin: v.origin, key: v.key }
      : null;
  } catch {
    return null;
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
        const origin = new URL((await provider(providerId)).baseUrl).origin;
        const s = await status();
        if (!s.canStore)
          throw s.plainTextEquivalent && s.available
            ? new PlainTextKeyStorageRefusedError(s.problem!)
            : new KeyStoreUnavailableError(s.problem!);
        const ciphertext = safe.encryptString(boundKey(origin, apiKey)).toString('base64');
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
    /**
     * Decrypts for the worker; a key kept by basic_text is used only while the user's acceptance
     * stands. A provider key only for the origin it was saved for (`origin`: where the worker is
     * about to send it); the installation keys never as a provider key, nor the other way round.
     */
    secretProvider: async (
      name: string,
      stored: StoredSecret | null,
      origin: string | null,
    ): Promise<string | null> => {
      if (!stored) return null;
      if (stored.backend === 'basic_text' && !(await accepted())) throw new PlainTextKeyStorageRefusedError(PLAIN_TEXT);
      let plain: string;
      try {
        plain = safe.decryptString(Buffer.from(stored.ciphertext, 'base64'));
      } catch {
        throw new ApiKeyUnreadableError();
      }
      const bound = parseBoundKey(plain);
      if (name === INSTALLATION_KEYS) {
        if (bound)
          throw new ApiKeyForAnotherEndpointError('A saved API key was offered as the installation keys; refused.');
        return plain;
      }
      if (!bound) throw new ApiKeyNotBoundError();
      if (bound.origin !== origin)
        throw new ApiKeyForAnotherEndpointError(
          `The saved API key was saved for ${bound.origin}; this provider now points at ${origin ?? 'no address'}, so the key was not used. ` +
            'If the provider really moved, enter its key again in Settings › Model providers.',
        );
      return bound.key;
    },
  };
}
