/** Workstations whose signed bundles a user confirmed: by key fingerprint, with the key itself. */
import type { Db } from '../../db/connection';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { fingerprintOf } from '../integrity/keys';

export interface TrustedSigner {
  fingerprint: string;
  label: string;
  trustedBy: string;
  trustedAt: string;
}

export const isTrustedSigner = (db: Db, fingerprint: string): boolean =>
  db.prepare('SELECT 1 FROM trusted_signers WHERE fingerprint = ?').get(fingerprint) !== undefined;

export function listTrustedSigners(db: Db): TrustedSigner[] {
  return db
    .prepare('SELECT fingerprint, label, trusted_by AS trustedBy, trusted_at AS trustedAt FROM trusted_signers ORDER BY trusted_at')
    .all() as TrustedSigner[];
}

/** Records the user's confirmation of a signer (audited); the fingerprint must be the key's own. */
export function trustSigner(db: Db, s: { fingerprint: string; publicKey: string; label: string }, actor: string): void {
  if (fingerprintOf(s.publicKey) !== s.fingerprint) throw new RangeError('the fingerprint does not belong to that key');
  const changed = db
    .prepare('INSERT OR IGNORE INTO trusted_signers (fingerprint, public_key, label, trusted_by, trusted_at) VALUES (?, ?, ?, ?, ?)')
    .run(s.fingerprint, s.publicKey, s.label.slice(0, 200), actor, nowIso()).changes;
  if (changed) appendAudit(db, { actor, action: 'trust_signer', entity: 'bundle_signer', entityId: s.fingerprint, after: { label: s.label.slice(0, 200) } });
}
