/**
 * Where the scoring service gets an API key. The service never stores or logs a key: it asks a
 * SecretSource right before building the client and registers the value for redaction. The CLI
 * reads an environment variable; the desktop app's main process will supply a key it decrypted
 * with safeStorage (the ciphertext lives in the `secrets` table, never the plain value).
 */
import { registerSecret } from '../../core/log';
import { MissingApiKeyError } from './errors';
import type { ProviderConfig } from './provider';

export interface SecretSource {
  /** Human wording of where the key comes from, for messages ("environment variable OPENAI_API_KEY"). */
  readonly description: string;
  /** The key, or null when none is configured. Must not throw for "no key". */
  apiKey(provider: ProviderConfig): Promise<string | null> | string | null;
}

/** The CLI's source: the environment variable named by --api-key-env. */
export function envSecretSource(env: NodeJS.ProcessEnv, variable: string): SecretSource {
  return {
    description: `environment variable ${variable}`,
    apiKey: () => {
      const v = env[variable]?.trim();
      if (!v) return null;
      registerSecret(v);
      return v;
    },
  };
}

/** No key at all (a local server without authentication). */
export const noSecret: SecretSource = { description: 'no key configured', apiKey: () => null };

/**
 * Resolves the key for one provider. An 'api' provider must have one; a local server may go
 * without, and then gets a placeholder so the openai client (which insists on a key) never falls
 * back to reading OPENAI_API_KEY from the environment behind our back.
 */
export async function resolveApiKey(
  source: SecretSource,
  provider: ProviderConfig,
): Promise<{ key: string; real: boolean }> {
  const key = await source.apiKey(provider);
  if (key) {
    registerSecret(key);
    return { key, real: true };
  }
  if (provider.kind === 'api') throw new MissingApiKeyError(source.description);
  return { key: 'no-key', real: false };
}
