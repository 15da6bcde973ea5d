/** Model providers as configured in Settings, what each server accepts, and consent to send frames to an endpoint. */
import type { Db } from '../connection';

/** One row of `model_providers`: `config` is the validated ProviderConfig as JSON, never a key. */
export interface ProviderRow {
  id: number;
  name: string;
  kind: 'api' | 'local';
  config: string;
  created_at: string;
  updated_at: string;
}

export const providerById = (db: Db, id: number): ProviderRow | undefined =>
  db.prepare('SELECT * FROM model_providers WHERE id = ?').get(id) as ProviderRow | undefined;

export const providersByName = (db: Db): ProviderRow[] =>
  db.prepare('SELECT * FROM model_providers ORDER BY name COLLATE NOCASE, id').all() as ProviderRow[];

export const providersNewestFirst = (db: Db): ProviderRow[] =>
  db.prepare('SELECT * FROM model_providers ORDER BY updated_at DESC, id DESC').all() as ProviderRow[];

/** Another provider already has this name. */
export const providerNameTaken = (db: Db, name: string, exceptId: number | null): boolean =>
  db.prepare('SELECT 1 FROM model_providers WHERE name = ? AND id IS NOT ?').get(name, exceptId) !== undefined;

export const insertProvider = (db: Db, p: Pick<ProviderRow, 'name' | 'kind' | 'config'>, at: string): number =>
  Number(
    db
      .prepare('INSERT INTO model_providers (name, kind, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(p.name, p.kind, p.config, at, at).lastInsertRowid,
  );

export function updateProvider(db: Db, id: number, p: Pick<ProviderRow, 'name' | 'kind' | 'config'>, at: string): void {
  db.prepare('UPDATE model_providers SET name = ?, kind = ?, config = ?, updated_at = ? WHERE id = ?').run(
    p.name,
    p.kind,
    p.config,
    at,
    id,
  );
}

export function deleteProviderRow(db: Db, id: number): void {
  db.prepare('DELETE FROM model_providers WHERE id = ?').run(id);
}

/** The capabilities JSON stored for a base URL and model. */
export const capabilitiesJson = (db: Db, baseUrl: string, model: string): string | undefined =>
  db
    .prepare('SELECT capabilities FROM provider_capabilities WHERE base_url = ? AND model = ?')
    .pluck()
    .get(baseUrl, model) as string | undefined;

export function putCapabilities(db: Db, baseUrl: string, model: string, json: string, testedAt: string): void {
  db.prepare(
    `INSERT INTO provider_capabilities (base_url, model, capabilities, tested_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(base_url, model) DO UPDATE SET capabilities = excluded.capabilities, tested_at = excluded.tested_at`,
  ).run(baseUrl, model, json, testedAt);
}

/** The scope of the consent remembered for an endpoint origin. */
export const consentScopeOf = (db: Db, origin: string): string | undefined =>
  db.prepare('SELECT scope FROM provider_consents WHERE provider_key = ?').pluck().get(origin) as string | undefined;

export function putConsent(db: Db, origin: string, host: string, scope: string, at: string): void {
  db.prepare(
    `INSERT INTO provider_consents (provider_key, host, granted_at, scope) VALUES (?, ?, ?, ?)
     ON CONFLICT(provider_key) DO UPDATE SET host = excluded.host, granted_at = excluded.granted_at, scope = excluded.scope`,
  ).run(origin, host, at, scope);
}
