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
      if (!plain.startsWith('sk-') && !plain.startsWith('{'))
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
  const providerUrl = { value: 'https://api.openai.com/v1' };
  const settings = { allowPlainTextKeyStorage: accepted };
  const backend: KeyVaultBackend = {
    call: async (name): Promise<Envelope<unknown>> => {
      if (name === 'getSettings') return { ok: true, value: settings };
      if (name === 'listModelProviders')
        return {
          ok: true,
          value: [{ id: 1, name: 'OpenAI', baseUrl: providerUrl.value, hasApiKey: stored.has('provider:1:api_key') }],
        };
      return { ok: false, error: { name: 'UnknownCall', message: name } };
    },
    storeSecret: async (name, s) => void (s ? stored.set(name, s) : stored.delete(name)),
  };
  return { backend, stored, settings, providerUrl };
}

const OPENAI = 'https://api.openai.com';

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
    expect(await vault.secretProvider('provider:1:api_key', s, OPENAI)).toBe(KEY);
    expect(await vault.secretProvider('provider:1:api_key', null, OPENAI)).toBeNull();
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
    expect(await vault.secretProvider('provider:1:api_key', s, OPENAI)).toBe(KEY);
    settings.allowPlainTextKeyStorage = false;
    await expect(vault.secretProvider('provider:1:api_key', s, OPENAI)).rejects.toMatchObject({
      name: 'PlainTextKeyStorageRefused',
    });
  });

  it('says a key cannot be read without echoing anything of it', async () => {
    const vault = createKeyVault(simulatedKeychain(), 'linux', () => fakeBackend().backend);
    const err = await vault
      .secretProvider(
        'provider:1:api_key',
        { ciphertext: Buffer.from(KEY).toString('base64'), backend: 'gnome_libsecret' },
        OPENAI,
      )
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ApiKeyUnreadable' });
    expect((err as Error).message).not.toContain(KEY);
  });

  it('binds a key to the endpoint it was saved for and never hands it over for another (security review A2)', async () => {
    const chain = simulatedKeychain();
    const { backend, stored, providerUrl } = fakeBackend();
    const vault = createKeyVault(chain, 'linux', () => backend);
    await vault.hostHandlers.setProviderApiKey([{ providerId: 1, apiKey: KEY }]);
    const s = stored.get('provider:1:api_key')!;
    expect(await vault.secretProvider('provider:1:api_key', s, OPENAI)).toBe(KEY);
    // The database now says the provider lives elsewhere: the key stays with its own endpoint.
    providerUrl.value = 'http://127.0.0.1:8443/v1';
    for (const origin of ['http://127.0.0.1:8443', 'https://api.openai.com.evil.example', null]) {
      const err = await vault.secretProvider('provider:1:api_key', s, origin).catch((e: Error) => e);
      expect(err).toMatchObject({ name: 'ApiKeyForAnotherEndpoint' });
      expect((err as Error).message).toMatch(/saved for https:\/\/api\.openai\.com/);
      expect((err as Error).message).not.toContain(KEY);
    }
    // The same ciphertext asked for as something else (the installation keys) is refused too.
    await expect(vault.secretProvider('installation-keys', s, null)).rejects.toMatchObject({
      name: 'ApiKeyForAnotherEndpoint',
    });
  });

  it('a key saved by an earlier version, without its endpoint, is not used: it must be entered again', async () => {
    const chain = simulatedKeychain();
    const vault = createKeyVault(chain, 'linux', () => fakeBackend().backend);
    const legacy = { ciphertext: chain.encryptString(KEY).toString('base64'), backend: 'gnome_libsecret' };
    const err = await vault.secretProvider('provider:1:api_key', legacy, OPENAI).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ApiKeyNotBound' });
    expect((err as Error).message).toMatch(/Enter it again in Settings/);
    expect((err as Error).message).not.toContain(KEY);
  });
});
