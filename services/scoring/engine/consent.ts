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

/**
 * Sending the recordings' sound (voices) is agreed to on its own: a scope with this suffix covers
 * audio as well as what the scope without it covers.
 */
const AUDIO_CONSENT_SUFFIX = '+audio';

interface ScopeParts {
  masked: boolean;
  audio: boolean;
}

function partsOf(scope: string | undefined): ScopeParts | null {
  if (!scope) return null;
  const audio = scope.endsWith(AUDIO_CONSENT_SUFFIX);
  const base = audio ? scope.slice(0, -AUDIO_CONSENT_SUFFIX.length) : scope;
  if (base !== CONSENT_SCOPE && base !== MASKED_CONSENT_SCOPE) return null;
  return { masked: base === MASKED_CONSENT_SCOPE, audio };
}

const scopeOf = (p: ScopeParts) =>
  (p.masked ? MASKED_CONSENT_SCOPE : CONSENT_SCOPE) + (p.audio ? AUDIO_CONSENT_SUFFIX : '');

/** The consent a provider's batches need: unmasked frames need the wider one, and audio its own. */
export function consentScopeFor(provider: Pick<ProviderConfig, 'maskFaces'>, audio = false): string {
  return scopeOf({ masked: provider.maskFaces, audio });
}

export function needsConsent(
  db: Db,
  provider: Pick<ProviderConfig, 'baseUrl'> & { maskFaces?: boolean },
  own?: Set<string>,
  audio = false,
): boolean {
  const where = classifyHost(provider.baseUrl, own);
  if (!isRemote(where)) return false;
  const given = partsOf(consentScopeOf(db, where.origin));
  if (!given) return true;
  if (audio && !given.audio) return true;
  return given.masked && !provider.maskFaces;
}

/**
 * Remembers consent for the provider's endpoint. Consent is never narrowed by a later, narrower
 * one: unmasked frames stay agreed after a masked batch, and audio after a batch without it.
 */
export function recordConsent(
  db: Db,
  provider: Pick<ProviderConfig, 'baseUrl'>,
  requested = CONSENT_SCOPE,
  actor = 'app',
): void {
  const existing = partsOf(consentScopeOf(db, classifyHost(provider.baseUrl).origin));
  const wanted = partsOf(requested) ?? { masked: false, audio: false };
  const scope = scopeOf({
    masked: wanted.masked && (existing?.masked ?? true),
    audio: wanted.audio || (existing?.audio ?? false),
  });
  if (existing && scopeOf(existing) === scope) return;
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
  /** The recordings' sound is sent too. */
  audio?: boolean;
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
  const audio = d.audio
    ? `The sound of ${d.mode === 'full' ? 'each recording' : "each step's time span"} is sent too (WAV or MP3): the candidates' and examiners' voices can be heard in it. `
    : '';
  return (
    `This sends ${frames} (JPEG, at most ${d.longSide} px on the long side, with their times in seconds) ` +
    `and the station's rubric text to ${where.host} (model ${d.provider.model}), for ${d.recordings} recording(s). ` +
    faces +
    audio +
    `No candidate names or codes, file names, examiner names or examiner marks are sent.`
  );
}
