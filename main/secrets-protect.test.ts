/** protectSecret: how main encrypts the installation keys for the worker (services/integrity/keys.ts) while it starts. */
import { describe, expect, it } from 'vitest';
import type { KeyVaultBackend, SafeStorageLike } from './secrets';
import { createKeyVault } from './secrets';

function keychain(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>) {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x33)),
    decryptString: (enc: Buffer) => Buffer.from(enc.map((b) => b ^ 0x33)).toString('utf8'),
  };
}

/** The worker is still starting: any call to it would wait for ever, so the test fails if one is made. */
const startingBackend = (): KeyVaultBackend => ({
  call: () => Promise.reject(new Error('protectSecret must not call the backend while it starts')),
  storeSecret: () => Promise.reject(new Error('protectSecret must not store anything')),
});

describe('protectSecret (installation keys)', () => {
  it('encrypts with a real keychain without calling the starting worker, and the worker can have it decrypted again', async () => {
    const vault = createKeyVault(keychain('gnome_libsecret'), 'linux', startingBackend);
    const stored = await vault.protectSecret('{"signing":"…"}');
    expect(stored.backend).toBe('gnome_libsecret');
    expect(Buffer.from(stored.ciphertext, 'base64').toString()).not.toContain('signing');
    expect(await vault.secretProvider('installation-keys', stored, null)).toBe('{"signing":"…"}');
  });

  it('refuses basic_text, so the worker keeps the keys in its 0600 file instead', async () => {
    const vault = createKeyVault(keychain('basic_text'), 'linux', startingBackend);
    await expect(vault.protectSecret('x')).rejects.toMatchObject({ name: 'KeyStoreUnavailable' });
  });
});
