import { createHash } from 'node:crypto';

/**
 * An exam bundle is one SQLite file: a manifest, one JSON document per exported record (each with
 * its own SHA-256), optional media blobs keyed by their SHA-256, and a content checksum over all of
 * it. SQLite is the container because the app already depends on it and it is written atomically.
 */
export const BUNDLE_FORMAT = 'osce-exam-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const BUNDLE_SCHEMA = `
CREATE TABLE bundle_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE bundle_entries (
  kind   TEXT NOT NULL,
  key    TEXT NOT NULL,
  body   TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE bundle_media (sha256 TEXT PRIMARY KEY, ext TEXT NOT NULL, data BLOB NOT NULL);
`;

/** Record kinds in dependency order: importing in this order never meets a missing parent. */
export const ENTRY_KINDS = [
  'rubric',
  'session',
  'station',
  'candidate',
  'rater',
  'recording',
  'recording_examiner',
  'model_run',
  'marking',
  'step_score',
  'step_span',
  'adjudication',
  'audit_event',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Covers every entry's identity and checksum and every media blob's hash, in a fixed order. */
export function contentChecksum(entries: { kind: string; key: string; sha256: string }[], mediaHashes: string[]): string {
  const lines = entries.map((e) => `${e.kind}\t${e.key}\t${e.sha256}`).sort();
  return sha256Hex(lines.join('\n') + '\n--media--\n' + [...mediaHashes].sort().join('\n'));
}

export class BundleRefusedError extends Error {
  override name = 'BundleRefused';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The bundle ${file} was refused: ${reason}. Nothing was imported.`);
  }
}
