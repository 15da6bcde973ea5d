/**
 * API keys in the backend: the `secrets` table holds ciphertext only, written here on the host's
 * behalf (the host encrypted it with the OS keychain). When a batch needs a key, the worker asks
 * the host to decrypt (ServiceContext.hostLink); the plain value lives in memory for the batch,
 * registered for redaction so no log line or stored error message can carry it.
 */
import type { Db } from '../../../db/connection';
import { deleteSecret, putSecret, secretRow } from '../../../db/queries/settings';
import { providerKeySecretName } from '../../../contract/scoring';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import type { ServiceContext, StoredSecret } from '../../core/context';
import { KeyStoreUnavailableError, NotFoundError } from '../../core/errors';
import { registerSecret } from '../../core/log';
import type { SecretSource } from '../engine';
import { getProvider, providerForEndpoint } from './providers';

const KEY_NAME = /^provider:(\d+):api_key$/;

function readStoredSecret(db: Db, name: string): StoredSecret | null {
  const row = secretRow(db, name);
  return row ? { ciphertext: Buffer.from(row.ciphertext).toString('base64'), backend: row.backend } : null;
}

/**
 * Stores (or, with null, deletes) a provider key's ciphertext. Only provider key names are
 * accepted, and only for a provider that exists, so the host cannot be used to write other rows.
 */
export function putStoredSecret(db: Db, name: string, stored: StoredSecret | null, actor: string): void {
  const m = KEY_NAME.exec(name);
  if (!m) throw new NotFoundError(`Secret slot '${name}'`);
  const providerId = Number(m[1]);
  db.transaction(() => {
    getProvider(db, providerId);
    if (stored === null) {
      const removed = deleteSecret(db, name);
      if (removed)
        appendAudit(db, { actor, action: 'api_key_removed', entity: 'model_provider', entityId: providerId });
      return;
    }
    const bytes = Buffer.from(stored.ciphertext, 'base64');
    if (bytes.length === 0) throw new TypeError('the encrypted key is empty');
    putSecret(db, name, bytes, stored.backend, nowIso());
    // The audit trail says a key was set and with which keychain, never anything derived from it.
    appendAudit(db, {
      actor,
      action: 'api_key_set',
      entity: 'model_provider',
      entityId: providerId,
      after: { keychain: stored.backend },
    });
  })();
}

/**
 * The scoring service's SecretSource in the app. With a provider id it uses that provider's key;
 * without (a job resumed after a restart) the saved provider of the same endpoint, so a key only
 * ever goes to the endpoint it was saved for.
 */
export function appSecretSource(ctx: ServiceContext, providerId?: number): SecretSource {
  const label =
    providerId !== undefined
      ? `the API key saved for provider '${getProvider(ctx.db, providerId).name}' in Settings`
      : 'the API key saved in Settings for this endpoint';
  return {
    description: label,
    async apiKey(config) {
      const id = providerId ?? providerForEndpoint(ctx.db, config)?.id;
      if (id === undefined) return null;
      const name = providerKeySecretName(id);
      const stored = readStoredSecret(ctx.db, name);
      if (!stored) return null;
      // A stored key exists but only the desktop app can decrypt it (the CLI, or a test without a host).
      if (!ctx.hostLink)
        throw new KeyStoreUnavailableError(
          'The saved API key can only be decrypted by the desktop app; on the command line use --api-key-env.',
        );
      // The host hands the key over only for the origin it was saved for (main/secrets.ts).
      const key = await ctx.hostLink.revealSecret(name, stored, new URL(config.baseUrl).origin);
      if (key) registerSecret(key);
      return key || null;
    },
  };
}
