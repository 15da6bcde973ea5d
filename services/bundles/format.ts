import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * An exam bundle is one SQLite file: a manifest, one JSON document per exported record (each with
 * its own SHA-256), optional media blobs keyed by their SHA-256, and a content checksum over all of
 * it (media extensions included). The manifest, which carries the content checksum, the signer's
 * public key and the audit anchor of the exporting workstation, is signed with that workstation's
 * Ed25519 key: an unkeyed checksum anyone can recompute, a signature only the key's holder can make.
 */
export const BUNDLE_FORMAT = 'osce-exam-bundle';
export const BUNDLE_FORMAT_VERSION = 2;

export { ENTRY_KINDS, type EntryKind } from '../../contract/bundles';

/** Every manifest key a bundle may have; anything else is refused. */
export const MANIFEST_KEYS = [
  'format',
  'format_version',
  'schema_version',
  'created_at',
  'workstation',
  'workstation_label',
  'session',
  'with_media',
  'entries',
  'media',
  'content_checksum',
  'signer_public_key',
  'audit_anchor',
  'signature',
] as const;

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Covers every entry's identity and checksum and every media blob's hash and extension, in a fixed order. */
export function contentChecksum(
  entries: { kind: string; key: string; sha256: string }[],
  media: { sha256: string; ext: string }[],
): string {
  const lines = entries.map((e) => `${e.kind}\t${e.key}\t${e.sha256}`).sort();
  const blobs = media.map((m) => `${m.sha256}\t${m.ext}`).sort();
  return sha256Hex(lines.join('\n') + '\n--media--\n' + blobs.join('\n'));
}

/** What the signature covers: every manifest entry but the signature, keys sorted. */
function signingPayload(manifest: Record<string, string>): Buffer {
  const body = Object.keys(manifest)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => [k, manifest[k]]);
  return Buffer.from(JSON.stringify([BUNDLE_FORMAT, body]), 'utf8');
}

export const signManifest = (manifest: Record<string, string>, key: KeyObject): string =>
  sign(null, signingPayload(manifest), key).toString('base64');

export function signatureValid(manifest: Record<string, string>, publicKey: KeyObject): boolean {
  const sig = Buffer.from(manifest.signature ?? '', 'base64');
  if (sig.length !== 64) return false;
  return verify(null, signingPayload(manifest), publicKey, sig);
}

export class BundleRefusedError extends Error {
  override name = 'BundleRefused';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`The bundle ${file} was refused: ${reason}. Nothing was imported.`);
  }
}

/** The bundle is intact and signed, by a workstation this one has not been told to trust. */
export class UnknownSignerError extends Error {
  override name = 'UnknownBundleSigner';
  constructor(
    readonly file: string,
    readonly fingerprint: string,
    readonly label: string,
  ) {
    super(
      `The bundle ${file} is signed by a workstation this one does not know yet ("${label}", key fingerprint ${fingerprint}). ` +
        'Nothing was imported. Check the fingerprint with the person who exported it, then import it again confirming that fingerprint (--trust FINGERPRINT).',
    );
  }
}
