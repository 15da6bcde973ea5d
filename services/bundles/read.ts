import type { Db } from '../../db/connection';
import {
  bundleObjects,
  entryRows,
  entryStats,
  expectedBundleObjects,
  manifestRows,
  mediaData,
  mediaRows,
  openBundleFile,
} from '../../db/bundle-file';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { SCHEMA_VERSION } from '../../db/migrate';
import { auditHash } from '../integrity/audit';
import { parseAnchor, type AnchorRecord } from '../integrity/anchor';
import { fingerprintOf, publicKeyFromRaw } from '../integrity/keys';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundleRefusedError,
  contentChecksum,
  ENTRY_KINDS,
  MANIFEST_KEYS,
  sha256Hex,
  signatureValid,
  UnknownSignerError,
  type EntryKind,
} from './format';
import { recordProblem } from './validate';

export interface BundleSigner {
  publicKey: string;
  fingerprint: string;
  label: string;
}

export interface BundleContents {
  manifest: Record<string, string>;
  signer: BundleSigner;
  anchor: AnchorRecord | null;
  /** Parsed entries by kind, in dependency order; each passed its field-by-field check. */
  entries: Map<EntryKind, { key: string; value: Record<string, unknown> }[]>;
  media(sha256: string): { ext: string; data: Buffer } | null;
  hasMedia(sha256: string): boolean;
  close(): void;
}

/** Budgets: a bundle bigger or slower than this is refused rather than read for ever. */
const BUNDLE_LIMITS = {
  maxEntries: 2_000_000,
  maxEntryBytes: 12_000_000,
  maxTotalEntryBytes: 1_500_000_000,
  maxMedia: 20_000,
  maxMediaBytes: 900 * 1024 * 1024,
  timeMs: 120_000,
};

const SQLITE_HEADER = 'SQLite format 3\0';
const MEDIA_EXT = /^\.(mp4|m4v|mov|qt|mkv|webm|avi|mts|m2ts|ts|mpg|mpeg|wmv|asf|flv|3gp|3g2|mxf|dv|ogv|vob|video)$/;

/** Before SQLite opens it: a regular file (a FIFO would block for ever), of an SQLite rollback-journal database. */
function checkFile(file: string): void {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    throw new BundleRefusedError(file, 'the file does not exist');
  }
  if (st.isSymbolicLink() || !st.isFile())
    throw new BundleRefusedError(
      file,
      st.isSymbolicLink() ? 'it is a symbolic link, not the bundle file itself' : 'it is not a regular file',
    );
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new BundleRefusedError(file, 'it is not a regular file');
    const head = Buffer.alloc(20);
    readSync(fd, head, 0, 20, 0);
    if (head.toString('latin1', 0, 16) !== SQLITE_HEADER)
      throw new BundleRefusedError(file, 'it is not an exam bundle');
    // A WAL-mode file would make SQLite create files beside it; bundles are always written without WAL.
    if (head[18] !== 1 || head[19] !== 1)
      throw new BundleRefusedError(file, 'it is not an exam bundle as this app writes them (WAL mode)');
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a bundle and checks everything before a single row is merged, in this order: the file
 * itself, the schema (exactly the expected tables, no views or triggers: no SQL of the bundle's
 * ever runs), the manifest, the signature, every entry's checksum and fields, the content
 * checksum, every video's hash, and the audit chain. `signerAccepted` decides on the signer right
 * after the signature, before the records are read (importBundle: known, or confirmed by its
 * fingerprint); `signature: 'any'` skips nothing but leaves the trust decision to the caller.
 */
export function readBundle(
  file: string,
  opts: { signature?: 'any'; signerAccepted?: (signer: BundleSigner) => boolean } = {},
): BundleContents {
  checkFile(file);
  const deadline = Date.now() + BUNDLE_LIMITS.timeMs;
  const inTime = () => {
    if (Date.now() > deadline)
      throw new BundleRefusedError(file, `reading it took longer than ${BUNDLE_LIMITS.timeMs / 1000} s`);
  };
  let db: Db;
  try {
    db = openBundleFile(file);
  } catch {
    throw new BundleRefusedError(file, 'it is not an exam bundle');
  }
  try {
    let objects: Map<string, string>;
    try {
      objects = bundleObjects(db);
    } catch {
      throw new BundleRefusedError(file, 'it is not an exam bundle (its schema cannot be read)');
    }
    const want = expectedBundleObjects();
    for (const [k, sql] of objects) {
      const [type, ...name] = k.split(' ');
      if (!want.has(k))
        throw new BundleRefusedError(
          file,
          `it contains ${type} '${name.join(' ').slice(0, 60)}', which exam bundles never have`,
        );
      if (want.get(k) !== sql)
        throw new BundleRefusedError(file, `its ${type} '${name.join(' ')}' is not defined as exam bundles define it`);
    }
    for (const k of want.keys()) if (!objects.has(k)) throw new BundleRefusedError(file, `it has no ${k}`);

    const manifest: Record<string, string> = {};
    for (const r of manifestRows(db)) {
      if (typeof r.key !== 'string' || !(MANIFEST_KEYS as readonly string[]).includes(r.key))
        throw new BundleRefusedError(file, `its manifest has an unknown entry '${String(r.key).slice(0, 40)}'`);
      if (typeof r.value !== 'string' || r.n > 10_000)
        throw new BundleRefusedError(file, `its manifest entry '${r.key}' is not a short text`);
      manifest[r.key] = r.value;
    }
    if (manifest.format !== BUNDLE_FORMAT) throw new BundleRefusedError(file, 'it is not an exam bundle');
    if (manifest.format_version !== String(BUNDLE_FORMAT_VERSION)) {
      throw new BundleRefusedError(
        file,
        Number(manifest.format_version) < BUNDLE_FORMAT_VERSION
          ? 'it is not signed (made by an older version of the app); export it again'
          : 'it was written by a newer version of the app',
      );
    }
    const schema = Number(manifest.schema_version);
    if (!(schema > 0)) throw new BundleRefusedError(file, 'its manifest has no schema version');
    if (schema > SCHEMA_VERSION) {
      throw new BundleRefusedError(
        file,
        `it was written by a newer version of the app (schema ${schema}, this app ${SCHEMA_VERSION})`,
      );
    }
    let signerKey;
    try {
      signerKey = publicKeyFromRaw(manifest.signer_public_key ?? '');
    } catch {
      throw new BundleRefusedError(file, 'it names no valid signer key');
    }
    if (!signatureValid(manifest, signerKey)) {
      throw new BundleRefusedError(
        file,
        'its signature does not match its content (it was changed after it was signed, or not signed by the key it names)',
      );
    }
    const signer: BundleSigner = {
      publicKey: manifest.signer_public_key!,
      fingerprint: fingerprintOf(manifest.signer_public_key!),
      label: manifest.workstation_label ?? manifest.workstation ?? '',
    };
    // The signed manifest names the signer: an unknown one is refused before any record is read.
    if (opts.signature !== 'any' && opts.signerAccepted && !opts.signerAccepted(signer))
      throw new UnknownSignerError(file, signer.fingerprint, signer.label);

    const stats = entryStats(db);
    if (
      stats.n > BUNDLE_LIMITS.maxEntries ||
      stats.bytes > BUNDLE_LIMITS.maxTotalEntryBytes ||
      stats.biggest > BUNDLE_LIMITS.maxEntryBytes
    ) {
      throw new BundleRefusedError(file, 'it is larger than an exam session can be');
    }
    if (String(stats.n) !== manifest.entries)
      throw new BundleRefusedError(file, 'it does not hold the number of records its manifest names');
    const rows: { kind: string; key: string; body: string; sha256: string }[] = [];
    for (const r of entryRows(db)) {
      inTime();
      if (
        typeof r.kind !== 'string' ||
        typeof r.key !== 'string' ||
        typeof r.body !== 'string' ||
        typeof r.sha256 !== 'string' ||
        r.key.length > 2000
      ) {
        throw new BundleRefusedError(file, 'a record is not stored as text');
      }
      if (!(ENTRY_KINDS as readonly string[]).includes(r.kind))
        throw new BundleRefusedError(file, `unknown record kind '${r.kind.slice(0, 40)}'`);
      if (sha256Hex(r.body) !== r.sha256)
        throw new BundleRefusedError(
          file,
          `bad checksum for ${r.kind} '${r.key.slice(0, 80)}' (the bundle was changed or damaged)`,
        );
      rows.push(r as { kind: string; key: string; body: string; sha256: string });
    }
    const media = mediaRows(db);
    if (media.length > BUNDLE_LIMITS.maxMedia)
      throw new BundleRefusedError(file, 'it holds more videos than an exam session can');
    for (const m of media) {
      inTime();
      if (
        typeof m.sha256 !== 'string' ||
        !/^[0-9a-f]{64}$/.test(m.sha256) ||
        typeof m.ext !== 'string' ||
        !MEDIA_EXT.test(m.ext) ||
        m.t !== 'blob' ||
        m.n > BUNDLE_LIMITS.maxMediaBytes
      ) {
        throw new BundleRefusedError(file, 'a video in it is not stored as exam bundles store videos');
      }
      const data = mediaData(db, m.sha256);
      if (sha256Hex(data) !== m.sha256)
        throw new BundleRefusedError(file, `bad checksum for the video ${m.sha256.slice(0, 12)}…`);
    }
    const expectedChecksum = contentChecksum(rows, media as { sha256: string; ext: string }[]);
    if (expectedChecksum !== manifest.content_checksum)
      throw new BundleRefusedError(file, 'bad content checksum (records were added, removed or changed)');

    const entries = new Map<EntryKind, { key: string; value: Record<string, unknown> }[]>();
    for (const kind of ENTRY_KINDS) entries.set(kind, []);
    for (const r of rows) {
      inTime();
      let value: unknown;
      try {
        value = JSON.parse(r.body);
      } catch {
        throw new BundleRefusedError(file, `${r.kind} '${r.key.slice(0, 80)}' is not JSON`);
      }
      const problem = recordProblem(r.kind as EntryKind, value);
      if (problem) throw new BundleRefusedError(file, `${r.kind} '${r.key.slice(0, 80)}': ${problem}`);
      entries.get(r.kind as EntryKind)!.push({ key: r.key, value: value as Record<string, unknown> });
    }
    for (const list of entries.values()) list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const chain = entries.get('audit_event')!.map((e) => e.value);
    chain.sort((a, b) => Number(a.seq) - Number(b.seq));
    checkAuditChain(file, chain);
    let anchor: AnchorRecord | null = null;
    if (manifest.audit_anchor) {
      try {
        anchor = parseAnchor(JSON.parse(manifest.audit_anchor));
      } catch {
        anchor = null;
      }
      if (!anchor) throw new BundleRefusedError(file, 'its audit anchor is damaged');
      const last = chain.at(-1);
      const head = last ? { seq: Number(last.seq), hash: String(last.hash) } : { seq: 0, hash: '' };
      if (
        !(anchor.head.seq === head.seq && anchor.head.hash === head.hash) &&
        !(anchor.prev.seq === head.seq && anchor.prev.hash === head.hash)
      ) {
        throw new BundleRefusedError(
          file,
          `the last event of its audit trail (${head.seq}) is not the event its anchor names (${anchor.head.seq}): the trail was changed after the anchor was made`,
        );
      }
    }
    const mediaExt = new Map(media.map((m) => [m.sha256 as string, m.ext as string]));
    return {
      manifest,
      signer,
      anchor,
      entries,
      media: (sha) => {
        if (!mediaExt.has(sha)) return null;
        const data = mediaData(db, sha);
        return { ext: mediaExt.get(sha)!, data };
      },
      hasMedia: (sha) => mediaExt.has(sha),
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function checkAuditChain(file: string, events: Record<string, unknown>[]) {
  let prev = '';
  let expectedSeq = Number(events[0]?.seq ?? 1);
  for (const e of events) {
    const { hash, ...rest } = e as { hash: string } & Record<string, unknown>;
    if (Number(rest.seq) !== expectedSeq || rest.prev_hash !== prev || auditHash(rest as never) !== hash) {
      throw new BundleRefusedError(file, `its audit trail is broken at event ${String(rest.seq)}`);
    }
    prev = hash;
    expectedSeq++;
  }
  if (events.length && Number(events[0]!.seq) !== 1)
    throw new BundleRefusedError(file, 'its audit trail does not start at event 1');
}
