import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { SCHEMA_VERSION } from '../../db/migrate';
import { auditHash } from '../audit';
import { BUNDLE_FORMAT, BundleRefusedError, contentChecksum, ENTRY_KINDS, sha256Hex, type EntryKind } from './format';

export interface BundleContents {
  manifest: Record<string, string>;
  /** Parsed entries by kind, in dependency order. */
  entries: Map<EntryKind, { key: string; value: Record<string, unknown> }[]>;
  media(sha256: string): { ext: string; data: Buffer } | null;
  close(): void;
}

/**
 * Opens a bundle and checks everything before a single row is merged: the format, the schema
 * version, every entry's checksum, the content checksum, every video's hash, and the audit chain.
 */
export function readBundle(file: string): BundleContents {
  if (!existsSync(file)) throw new BundleRefusedError(file, 'the file does not exist');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM bundle_manifest').get();
  } catch {
    throw new BundleRefusedError(file, 'it is not an exam bundle');
  }
  try {
    const manifest = Object.fromEntries(
      (db.prepare('SELECT key, value FROM bundle_manifest').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    if (manifest.format !== BUNDLE_FORMAT) throw new BundleRefusedError(file, 'it is not an exam bundle');
    const schema = Number(manifest.schema_version);
    if (!(schema > 0)) throw new BundleRefusedError(file, 'its manifest has no schema version');
    if (schema > SCHEMA_VERSION) {
      throw new BundleRefusedError(file, `it was written by a newer version of the app (schema ${schema}, this app ${SCHEMA_VERSION})`);
    }
    const rows = db.prepare('SELECT kind, key, body, sha256 FROM bundle_entries').all() as { kind: string; key: string; body: string; sha256: string }[];
    for (const r of rows) {
      if (sha256Hex(r.body) !== r.sha256) throw new BundleRefusedError(file, `bad checksum for ${r.kind} '${r.key}' (the bundle was changed or damaged)`);
      if (!(ENTRY_KINDS as readonly string[]).includes(r.kind)) throw new BundleRefusedError(file, `unknown record kind '${r.kind}'`);
    }
    const mediaRows = db.prepare('SELECT sha256, length(data) AS n FROM bundle_media').all() as { sha256: string }[];
    for (const m of mediaRows) {
      const data = db.prepare('SELECT data FROM bundle_media WHERE sha256 = ?').pluck().get(m.sha256) as Buffer;
      if (sha256Hex(data) !== m.sha256) throw new BundleRefusedError(file, `bad checksum for the video ${m.sha256.slice(0, 12)}…`);
    }
    const expected = contentChecksum(rows, mediaRows.map((m) => m.sha256));
    if (expected !== manifest.content_checksum) throw new BundleRefusedError(file, 'bad content checksum (records were added, removed or changed)');

    const entries = new Map<EntryKind, { key: string; value: Record<string, unknown> }[]>();
    for (const kind of ENTRY_KINDS) entries.set(kind, []);
    for (const r of rows) entries.get(r.kind as EntryKind)!.push({ key: r.key, value: JSON.parse(r.body) as Record<string, unknown> });
    for (const list of entries.values()) list.sort((a, b) => a.key.localeCompare(b.key));
    checkAuditChain(file, entries.get('audit_event')!.map((e) => e.value));
    return {
      manifest,
      entries,
      media: (sha) => {
        const row = db.prepare('SELECT ext, data FROM bundle_media WHERE sha256 = ?').get(sha) as { ext: string; data: Buffer } | undefined;
        return row ?? null;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function checkAuditChain(file: string, events: Record<string, unknown>[]) {
  let prev = '';
  for (const e of events) {
    const { hash, ...rest } = e as { hash: string } & Record<string, unknown>;
    if (rest.prev_hash !== prev || auditHash(rest as never) !== hash) {
      throw new BundleRefusedError(file, `its audit trail is broken at event ${String(rest.seq)}`);
    }
    prev = hash;
  }
}
