/**
 * Natural keys: how the same record is recognised on two workstations whose row ids differ.
 * Keys are JSON arrays so names containing any character stay unambiguous.
 */
export type RaterIdentity = [kind: string, name: string, configKey: string];

const raterIdentity = (r: { kind: string; name: string; config_key: string }): RaterIdentity => [
  r.kind,
  r.name,
  r.config_key,
];
export const key = (...parts: unknown[]): string => JSON.stringify(parts);
export const parseKey = (k: string): unknown[] => JSON.parse(k) as unknown[];
export const raterKey = (r: { kind: string; name: string; config_key: string }) => key(...raterIdentity(r));
export const stationKey = (sessionName: string, code: string) => key(sessionName, code);
export const runKey = (r: { idempotency_key: string; created_at: string }) => key(r.idempotency_key, r.created_at);
