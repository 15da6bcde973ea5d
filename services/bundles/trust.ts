/** Workstations whose signed bundles a user confirmed: by key fingerprint, with the key itself. */
import type { Db } from '../../db/connection';
import { insertTrustedSigner, signerTrusted, trustedSignerRows } from '../../db/queries/bundles';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { fingerprintOf } from '../integrity/keys';

export interface TrustedSigner {
  fingerprint: string;
  label: string;
  trustedBy: string;
  trustedAt: string;
}

export const isTrustedSigner = signerTrusted;

export function listTrustedSigners(db: Db): TrustedSigner[] {
  return trustedSignerRows(db).map((r) => ({
    fingerprint: r.fingerprint,
    label: r.label,
    trustedBy: r.trusted_by,
    trustedAt: r.trusted_at,
  }));
}

/** Records the user's confirmation of a signer (audited); the fingerprint must be the key's own. */
export function trustSigner(db: Db, s: { fingerprint: string; publicKey: string; label: string }, actor: string): void {
  if (fingerprintOf(s.publicKey) !== s.fingerprint) throw new RangeError('the fingerprint does not belong to that key');
  const changed = insertTrustedSigner(db, {
    fingerprint: s.fingerprint,
    public_key: s.publicKey,
    label: s.label.slice(0, 200),
    trusted_by: actor,
    trusted_at: nowIso(),
  });
  if (changed)
    appendAudit(db, {
      actor,
      action: 'trust_signer',
      entity: 'bundle_signer',
      entityId: s.fingerprint,
      after: { label: s.label.slice(0, 200) },
    });
}
