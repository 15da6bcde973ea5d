/**
 * The exam bundle file itself: one SQLite file with three tables (manifest, records, media). Its
 * own schema, how it is written, and the reads a hostile file is checked with: opened read-only,
 * with no trust in its schema (none of its SQL ever runs) and every value's type checked by the caller.
 */
import Database from 'better-sqlite3';
import type { Db } from './connection';

const BUNDLE_SCHEMA = `
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

export interface BundleWriter {
  entry(kind: string, key: string, body: string, sha256: string): void;
  media(sha256: string, ext: string, data: Buffer): void;
  manifest(key: string, value: string): void;
}

/** Creates the bundle file and fills it in one transaction; the file is closed afterwards either way. */
export function writeBundleFile(file: string, fill: (w: BundleWriter) => void): void {
  const out = new Database(file);
  try {
    out.exec(BUNDLE_SCHEMA);
    const entry = out.prepare('INSERT INTO bundle_entries (kind, key, body, sha256) VALUES (?, ?, ?, ?)');
    const media = out.prepare('INSERT OR IGNORE INTO bundle_media (sha256, ext, data) VALUES (?, ?, ?)');
    const manifest = out.prepare('INSERT INTO bundle_manifest (key, value) VALUES (?, ?)');
    out.transaction(() =>
      fill({
        entry: (kind, key, body, sha256) => entry.run(kind, key, body, sha256),
        media: (sha256, ext, data) => media.run(sha256, ext, data),
        manifest: (key, value) => manifest.run(key, value),
      }),
    )();
  } finally {
    out.close();
  }
}

const normalise = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

let expected: Map<string, string> | null = null;
/** sqlite_master of a bundle as this app writes it ("type name" → normalised SQL): three tables and their primary-key indexes. */
export function expectedBundleObjects(): Map<string, string> {
  if (expected) return expected;
  const db = new Database(':memory:');
  db.exec(BUNDLE_SCHEMA);
  expected = bundleObjects(db);
  db.close();
  return expected;
}

/** A file's own sqlite_master, "type name" → normalised SQL. */
export function bundleObjects(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT type, name, sql FROM sqlite_master').all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
  return new Map(rows.map((o) => [`${o.type} ${o.name}`, normalise(o.sql)]));
}

/** Opens a bundle read-only, trusting nothing in its schema. */
export function openBundleFile(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = ON');
  return db;
}

/** Raw manifest rows (at most 100), with the value's length; types are the caller's to check. */
export const manifestRows = (db: Db): { key: unknown; value: unknown; n: number }[] =>
  db.prepare('SELECT key, value, length(value) AS n FROM bundle_manifest LIMIT 100').all() as {
    key: unknown;
    value: unknown;
    n: number;
  }[];

export const entryStats = (db: Db): { n: number; bytes: number; biggest: number } =>
  db
    .prepare(
      'SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS bytes, coalesce(max(length(body)), 0) AS biggest FROM bundle_entries',
    )
    .get() as {
    n: number;
    bytes: number;
    biggest: number;
  };

export const entryRows = (db: Db): Iterable<{ kind: unknown; key: unknown; body: unknown; sha256: unknown }> =>
  db.prepare('SELECT kind, key, body, sha256 FROM bundle_entries').iterate() as Iterable<{
    kind: unknown;
    key: unknown;
    body: unknown;
    sha256: unknown;
  }>;

export const mediaRows = (db: Db): { sha256: unknown; ext: unknown; n: number; t: string }[] =>
  db.prepare('SELECT sha256, ext, length(data) AS n, typeof(data) AS t FROM bundle_media').all() as {
    sha256: unknown;
    ext: unknown;
    n: number;
    t: string;
  }[];

export const mediaData = (db: Db, sha256: string): Buffer =>
  db.prepare('SELECT data FROM bundle_media WHERE sha256 = ?').pluck().get(sha256) as Buffer;
