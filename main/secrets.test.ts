import { describe, expect, it } from 'vitest';
import type { Envelope } from '../contract/define';
import type { StoredSecret } from '../services/core/context';
import { createKeyVault, keyStorageStatus, type KeyVaultBackend, type SafeStorageLike } from './secrets';

/** safeStorage stand-in (main/ must not import the test bridge's): reversible, never the plain text. */
function simulatedKeychain() {
  const chain = {
    backend: 'gnome_libsecret' as ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
    available: true,
    isEncryptionAvailable: () => chain.available,
    getSelectedStorageBackend: () => chain.backend,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (enc: Buffer) => {
      const plain = Buffer.from(enc.map((b) => b ^ 0x5a)).toString('utf8');
      if (!plain.startsWith('sk-'))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain;
    },
  };
  return chain;
}

const KEY = 'sk-unit-test-key-0123456789';

/** A backend that records what it was asked to store and answers the two calls the vault makes. */
function fakeBackend(accepted = false) {
  const stored = new Map<string, StoredSecret>();
  const settings = { allowPlainTextKeyStorage: accepted };
  const backend: KeyVaultBackend = {
    call: async (name): Promise<Envelope<unknown>> => {
      if (name === 'getSettings') return { ok: true, value: settings };
      if (name === 'listModelProviders')
        return { ok: true, value: [{ id: 1, name: 'OpenAI', hasApiKey: stored.has('provider:1:api_key') }] };
      return { ok: false, error: { name: 'UnknownCall', message: name } };
    },
    storeSecret: async (name, s) => void (s ? stored.set(name, s) : stored.delete(name)),
  };
  return { backend, stored, settings };
}

describe('key storage status', () => {
  it('is real on macOS and Windows, and on Linux with a keychain', () => {
    const chain = simulatedKeychain();
    expect(keyStorageStatus(chain, 'darwin', false)).toMatchObject({
      backend: 'os',
      canStore: true,
      plainTextEquivalent: false,
    });
    expect(keyStorageStatus(chain, 'linux', false)).toMatchObject({ backend: 'gnome_libsecret', canStore: true });
  });

  it("refuses Linux's basic_text unless accepted, and refuses when there is no encryption at all", () => {
    const chain = simulatedKeychain();
    chain.backend = 'basic_text';
    const refused = keyStorageStatus(chain, 'linux', false);
    expect(refused).toMatchObject({ canStore: false, plainTextEquivalent: true });
    expect(refused.problem).toMatch(/fixed password that every copy of Chromium knows/);
    expect(keyStorageStatus(chain, 'linux', true)).toMatchObject({
      canStore: true,
      plainTextEquivalent: true,
      plainTextAccepted: true,
    });
    chain.available = false;
    expect(keyStorageStatus(chain, 'linux', true)).toMatchObject({ canStore: false, available: false });
  });
});

describe('the key vault', () => {
  it('stores only what safeStorage made of the key and gives the key back for a batch', async () => {
    const chain = simulatedKeychain();
    const { backend, stored } = fakeBackend();
    const vault = createKeyVault(chain, 'linux', () => backend);
    const p = await vault.hostHandlers.setProviderApiKey([{ providerId: 1, apiKey: KEY }]);
    expect(p.hasApiKey).toBe(true);
    const s = stored.get('provider:1:api_key')!;
    expect(s.backend).toBe('gnome_libsecret');
    expect(Buffer.from(s.ciphertext, 'base64').toString()).not.toContain(KEY);
    expect(await vault.secretProvider('provider:1:api_key', s)).toBe(KEY);
    expect(await vault.secretProvider('provider:1:api_key', null)).toBeNull();
    await vault.hostHandlers.removeProviderApiKey([1]);
    expect(stored.size).toBe(0);
  });

  it('refuses basic_text without acceptance, and stops using such a key when acceptance is withdrawn', async () => {
    const chain = simulatedKeychain();
    chain.backend = 'basic_text';
    const { backend, stored, settings } = fakeBackend(false);
    const vault = createKeyVault(chain, 'linux', () => backend);
    await expect(vault.hostHandlers.setProviderApiKey([{ providerId: 1, apiKey: KEY }])).rejects.toMatchObject({
      name: 'PlainTextKeyStorageRefused',
    });
    expect(stored.size).toBe(0);
    settings.allowPlainTextKeyStorage = true;
    await vault.hostHandlers.setProviderApiKey([{ providerId: 1, apiKey: KEY }]);
    const s = stored.get('provider:1:api_key')!;
    expect(await vault.secretProvider('provider:1:api_key', s)).toBe(KEY);
    settings.allowPlainTextKeyStorage = false;
    await expect(vault.secretProvider('provider:1:api_key', s)).rejects.toMatchObject({
      name: 'PlainTextKeyStorageRefused',
    });
  });

  it('says a key cannot be read without echoing anything of it', async () => {
    const vault = createKeyVault(simulatedKeychain(), 'linux', () => fakeBackend().backend);
    const err = await vault
      .secretProvider('provider:1:api_key', {
        ciphertext: Buffer.from(KEY).toString('base64'),
        backend: 'gnome_libsecret',
      })
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ApiKeyUnreadable' });
    expect((err as Error).message).not.toContain(KEY);
  });
});
