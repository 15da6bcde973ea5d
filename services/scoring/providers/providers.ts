/**
 * Model providers configured in Settings: their validated settings (model_providers), whether an
 * encrypted key is stored for them (secrets), and where they live (consent). The settings are the
 * scoring service's ProviderConfig, stored as JSON and validated again whenever they are read.
 */
import type { z } from 'zod';
import type { Db } from '../../../db/connection';
import {
  deleteProviderRow,
  insertProvider,
  providerById,
  providerNameTaken,
  providersByName,
  providersNewestFirst,
  updateProvider,
  type ProviderRow,
} from '../../../db/queries/providers';
import { deleteSecret, hasSecret } from '../../../db/queries/settings';
import type { ProviderInput } from '../../../contract/scoring';
import { providerKeySecretName } from '../../../contract/scoring';
import type { ModelProvider } from '../../../contract/scoring';
import { InvalidArgumentsError } from '../../../contract/validate';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import { NotFoundError } from '../../core/errors';
import {
  classifyHost,
  getCapabilities,
  needsConsent,
  parseProviderConfig,
  ProviderConfigError,
  type ProviderConfig,
} from '../engine';

class DuplicateProviderError extends Error {
  override name = 'DuplicateProvider';
  constructor(name: string) {
    super(`A model provider named '${name}' already exists; choose another name.`);
  }
}

export interface StoredProvider {
  id: number;
  name: string;
  config: ProviderConfig;
  updatedAt: string;
}

function parseStored(row: ProviderRow): StoredProvider {
  try {
    return {
      id: row.id,
      name: row.name,
      config: parseProviderConfig(JSON.parse(row.config)),
      updatedAt: row.updated_at,
    };
  } catch (err) {
    // Only a hand-edited database gets here; say which provider so it can be fixed or deleted.
    throw new ProviderConfigError(`provider '${row.name}'`, (err as Error).message);
  }
}

export function getProvider(db: Db, id: number): StoredProvider {
  const row = providerById(db, id);
  if (!row) throw new NotFoundError(`Model provider ${id}`);
  return parseStored(row);
}

function hasKey(db: Db, id: number): boolean {
  return hasSecret(db, providerKeySecretName(id));
}

/** The provider as the UI sees it: settings, key present or not, location and consent. */
export function describeProvider(db: Db, p: StoredProvider): ModelProvider {
  const where = classifyHost(p.config.baseUrl);
  return {
    id: p.id,
    name: p.name,
    kind: p.config.kind,
    baseUrl: p.config.baseUrl,
    model: p.config.model,
    framesPerRequest: p.config.framesPerRequest,
    imageDetail: p.config.imageDetail,
    timeoutS: p.config.timeoutS,
    concurrency: p.config.concurrency,
    temperature: p.config.temperature,
    maxOutputTokens: p.config.maxOutputTokens,
    seed: p.config.seed ?? null,
    preset: p.config.preset ?? null,
    tokenParameter: p.config.tokenParameter,
    maskFaces: p.config.maskFaces,
    capabilities: getCapabilities(db, p.config.baseUrl, p.config.model),
    hasApiKey: hasKey(db, p.id),
    host: where.host,
    location: where.location,
    consentGiven: !needsConsent(db, p.config),
    updatedAt: p.updatedAt,
  };
}

export function listProviders(db: Db): ModelProvider[] {
  const rows = providersByName(db);
  return rows.map((r) => describeProvider(db, parseStored(r)));
}

/** The form's fields → ProviderConfig; a bad field is reported under its own name. */
function toConfig(input: z.output<typeof ProviderInput>): ProviderConfig {
  try {
    return parseProviderConfig({
      kind: input.kind,
      baseUrl: input.baseUrl,
      model: input.model,
      framesPerRequest: input.framesPerRequest,
      imageDetail: input.imageDetail,
      timeoutS: input.timeoutS,
      concurrency: input.concurrency,
      temperature: input.temperature,
      maxOutputTokens: input.maxOutputTokens,
      ...(input.seed != null ? { seed: input.seed } : {}),
      ...(input.preset != null ? { preset: input.preset } : {}),
      tokenParameter: input.tokenParameter,
      maskFaces: input.maskFaces,
    });
  } catch (err) {
    if (err instanceof ProviderConfigError) {
      throw new InvalidArgumentsError('saveModelProvider', [
        { path: err.field, message: err.message.replace(/^provider setting \S+: /, '') },
      ]);
    }
    throw err;
  }
}

/**
 * Creates or updates a provider. When an update moves it to another endpoint (scheme, host or
 * port), its stored key is deleted: a key saved for one service must never be sent to another.
 */
export function saveProvider(db: Db, input: z.output<typeof ProviderInput>, actor: string): ModelProvider {
  const config = toConfig(input);
  const now = nowIso();
  const id = db
    .transaction((): number => {
      if (providerNameTaken(db, input.name, input.id ?? null)) throw new DuplicateProviderError(input.name);
      const safeView = {
        name: input.name,
        host: classifyHost(config.baseUrl).host,
        model: config.model,
        kind: config.kind,
        mask_faces: config.maskFaces,
      };
      if (input.id === undefined) {
        const created = insertProvider(
          db,
          { name: input.name, kind: config.kind, config: JSON.stringify(config) },
          now,
        );
        appendAudit(db, { actor, action: 'create', entity: 'model_provider', entityId: created, after: safeView });
        return created;
      }
      const before = getProvider(db, input.id);
      updateProvider(db, input.id, { name: input.name, kind: config.kind, config: JSON.stringify(config) }, now);
      const moved = new URL(before.config.baseUrl).origin !== new URL(config.baseUrl).origin;
      const keyDropped = moved && deleteSecret(db, providerKeySecretName(input.id));
      appendAudit(db, {
        actor,
        action: 'update',
        entity: 'model_provider',
        entityId: input.id,
        before: {
          name: before.name,
          host: classifyHost(before.config.baseUrl).host,
          model: before.config.model,
          kind: before.config.kind,
          mask_faces: before.config.maskFaces,
        },
        after: { ...safeView, ...(keyDropped ? { api_key: 'removed: the endpoint changed' } : {}) },
      });
      return input.id;
    })
    .immediate();
  return describeProvider(db, getProvider(db, id));
}

/** Deletes a provider and its stored key; its finished runs stay (they record host and model themselves). */
export function deleteProvider(db: Db, id: number, actor: string): { deleted: boolean } {
  return db.transaction(() => {
    const row = providerById(db, id);
    if (!row) return { deleted: false };
    deleteSecret(db, providerKeySecretName(id));
    deleteProviderRow(db, id);
    appendAudit(db, { actor, action: 'delete', entity: 'model_provider', entityId: id, before: { name: row.name } });
    return { deleted: true };
  })();
}

/**
 * The saved provider whose key may be used for a run's settings (a job resumed after a restart
 * stores its settings, not the provider id): same endpoint origin, preferring one with a key and
 * the same kind and model. Never a provider of another endpoint.
 */
export function providerForEndpoint(
  db: Db,
  config: Pick<ProviderConfig, 'baseUrl' | 'kind' | 'model'>,
): StoredProvider | null {
  const origin = new URL(config.baseUrl).origin;
  const rows = providersNewestFirst(db);
  const same = rows.map(parseStored).filter((p) => new URL(p.config.baseUrl).origin === origin);
  const rank = (p: StoredProvider) =>
    (hasKey(db, p.id) ? 4 : 0) + (p.config.kind === config.kind ? 2 : 0) + (p.config.model === config.model ? 1 : 0);
  return same.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}
