// TEST-ONLY: the OS keychain, simulated for the test bridge. Key storage here is an in-memory map:
// "encrypting" a key files it under a random token and returns the token as the ciphertext, so
// the database holds only that token, exactly where the real app holds safeStorage ciphertext.
// Everything around it (the refusal of 'basic_text', the worker's secret request, the secrets
// table) is the real code from main/secrets.ts and services/.
import { randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/secrets';

export type SimulatedBackend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

export interface SimulatedKeychain extends SafeStorageLike {
  /** Which Linux backend safeStorage reports; a test sets 'basic_text' to see the refusal. */
  backend: SimulatedBackend;
  /** False: safeStorage offers no encryption at all. */
  available: boolean;
  /** token → plain key: the in-memory store. */
  readonly keys: Map<string, string>;
}

const PREFIX = 'simulated-keychain:';

export function simulatedKeychain(): SimulatedKeychain {
  const keys = new Map<string, string>();
  const chain: SimulatedKeychain = {
    backend: 'gnome_libsecret',
    available: true,
    keys,
    isEncryptionAvailable: () => chain.available,
    getSelectedStorageBackend: () => chain.backend,
    encryptString: (plain: string) => {
      if (!chain.available) throw new Error('Encryption is not available.');
      const token = PREFIX + randomBytes(16).toString('hex');
      keys.set(token, plain);
      return Buffer.from(token, 'utf8');
    },
    decryptString: (encrypted: Buffer) => {
      const plain = keys.get(encrypted.toString('utf8'));
      if (plain === undefined)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain;
    },
  };
  return chain;
}
