/**
 * Consent before frames leave this machine. Remembered per provider endpoint (its origin), so a
 * new host asks again while a new model on the same host does not. Loopback and this machine's own
 * addresses are exempt: nothing leaves.
 */
import type { Db } from '../../../db/connection';
import { consentScopeOf, putConsent } from '../../../db/queries/providers';
import { appendAudit } from '../../integrity/audit';
import { nowIso } from '../../core/clock';
import { classifyHost, isRemote, type ProviderConfig } from './provider';

/** What the examiner agreed to send; stored with the consent so a wider use would need a new one. */
export const CONSENT_SCOPE = 'frames+rubric';
/** Agreement to send frames only with faces masked: covers masked batches, not unmasked ones. */
export const MASKED_CONSENT_SCOPE = 'masked-frames+rubric';

/** The consent a provider's batches need: unmasked frames need the wider one. */
export function consentScopeFor(provider: Pick<ProviderConfig, 'maskFaces'>): string {
  return provider.maskFaces ? MASKED_CONSENT_SCOPE : CONSENT_SCOPE;
}

export function needsConsent(
  db: Db,
  provider: Pick<ProviderConfig, 'baseUrl'> & { maskFaces?: boolean },
  own?: Set<string>,
): boolean {
  const where = classifyHost(provider.baseUrl, own);
  if (!isRemote(where)) return false;
  const scope = consentScopeOf(db, where.origin);
  if (scope === CONSENT_SCOPE) return false;
  return !(provider.maskFaces && scope === MASKED_CONSENT_SCOPE);
}

/**
 * Remembers consent for the provider's endpoint. Consent to unmasked frames is never narrowed by
 * a later masked one; consent to masked frames is widened only by agreeing to unmasked frames.
 */
export function recordConsent(
  db: Db,
  provider: Pick<ProviderConfig, 'baseUrl'>,
  scope = CONSENT_SCOPE,
  actor = 'app',
): void {
  const existing = consentScopeOf(db, classifyHost(provider.baseUrl).origin);
  if (existing === CONSENT_SCOPE && scope === MASKED_CONSENT_SCOPE) return;
  const where = classifyHost(provider.baseUrl);
  db.transaction(() => {
    putConsent(db, where.origin, where.host, scope, nowIso());
    appendAudit(db, {
      actor,
      action: 'consent',
      entity: 'provider',
      entityId: where.origin,
      after: { host: where.host, scope },
    });
  })();
}

export interface DisclosureInput {
  provider: Pick<ProviderConfig, 'baseUrl' | 'model' | 'framesPerRequest' | 'maskFaces'>;
  mode: 'full' | 'clips';
  recordings: number;
  longSide: number;
}

/** Exactly what will leave the machine, in words an examiner can agree to. */
export function describeOutbound(d: DisclosureInput): string {
  const where = classifyHost(d.provider.baseUrl);
  const frames =
    d.mode === 'full'
      ? `${d.provider.framesPerRequest} still frames of each recording`
      : `up to ${d.provider.framesPerRequest} still frames of each rubric step's marked time span`;
  const faces = d.provider.maskFaces
    ? 'Faces are detected on this computer and blurred in every frame before it is sent (a face the detector misses is sent as it is). '
    : 'Faces are NOT masked: the frames show the candidates as recorded. ';
  return (
    `This sends ${frames} (JPEG, at most ${d.longSide} px on the long side, with their times in seconds) ` +
    `and the station's rubric text to ${where.host} (model ${d.provider.model}), for ${d.recordings} recording(s). ` +
    faces +
    `No candidate names or codes, file names, examiner names or examiner marks are sent.`
  );
}
