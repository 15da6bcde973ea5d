/**
 * The audit anchor: the head of the audit chain (sequence and hash), authenticated with this
 * installation's secret and kept in a file beside the database (`<db>.audit-anchor.json`), so a
 * rewrite of the database alone (events deleted, forged, or a whole chain recomputed) no longer
 * matches it. appendAudit moves it with every event: inside the transaction it records the new
 * head with the previous one as `prev` (a crash before commit leaves the database at `prev`),
 * and right after the transaction it settles on whatever head was committed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import { chainHeadOf, type ChainHead } from '../../db/queries/audit';
import { openNewFile, partialPathFor } from './files';

export const anchorFilePath = (dbPath: string) => `${dbPath}.audit-anchor.json`;

export type { ChainHead };

export interface AnchorRecord {
  format: 'osce-audit-anchor';
  version: 1;
  /** Fingerprint of the installation whose secret made `mac`. */
  installation: string;
  head: ChainHead;
  /** The head before the latest event; equal to head once that event's transaction has ended. */
  prev: ChainHead;
  at: string;
  mac: string;
}

const Head = z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^([0-9a-f]{64})?$/) }).strict();
const AnchorSchema = z
  .object({
    format: z.literal('osce-audit-anchor'),
    version: z.literal(1),
    installation: z.string().regex(/^[0-9a-f]{64}$/),
    head: Head,
    prev: Head,
    at: z.string().max(40),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** Appending an event would leave the anchor behind: this process cannot authenticate it. */
class AuditAnchorLockedError extends Error {
  override name = 'AuditAnchorLocked';
}

const macOf = (secret: Buffer, r: Omit<AnchorRecord, 'mac'>) =>
  createHmac('sha256', secret)
    .update(
      JSON.stringify([r.format, r.version, r.installation, r.head.seq, r.head.hash, r.prev.seq, r.prev.hash, r.at]),
    )
    .digest('hex');

export function signAnchor(secret: Buffer, installation: string, head: ChainHead, prev: ChainHead): AnchorRecord {
  const body = {
    format: 'osce-audit-anchor' as const,
    version: 1 as const,
    installation,
    head,
    prev,
    at: new Date().toISOString(),
  };
  return { ...body, mac: macOf(secret, body) };
}

/** True when the record was made with this secret (constant-time comparison). */
export function anchorAuthentic(secret: Buffer, r: AnchorRecord): boolean {
  const expected = Buffer.from(macOf(secret, r), 'hex');
  const given = Buffer.from(r.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Parses an anchor found anywhere (the file, a backup, a bundle); null when it is not one. */
export function parseAnchor(value: unknown): AnchorRecord | null {
  const r = AnchorSchema.safeParse(value);
  return r.success ? (r.data as AnchorRecord) : null;
}

export function readAnchorFile(file: string): AnchorRecord | 'missing' | 'damaged' {
  if (!existsSync(file)) return 'missing';
  try {
    if (!statSync(file).isFile() || statSync(file).size > 10_000) return 'damaged';
    return parseAnchor(JSON.parse(readFileSync(file, 'utf8'))) ?? 'damaged';
  } catch {
    return 'damaged';
  }
}

function writeAnchorFile(file: string, record: AnchorRecord): void {
  const partial = partialPathFor(file);
  const fd = openNewFile(partial, 0o600);
  try {
    writeSync(fd, JSON.stringify(record) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export const chainHead = chainHeadOf;

interface Anchoring {
  file: string;
  secret: Buffer | null;
  installation: string;
  /** Set when events may not be appended (keys in a keychain this process cannot open). */
  locked: string | null;
  settling: boolean;
}

const attached = new WeakMap<Db, Anchoring>();

/** Connects a database connection to its anchor file; every appendAudit on it moves the anchor. */
export function attachAnchor(db: Db, a: { file: string; secret: Buffer; installation: string }): void {
  attached.set(db, { ...a, locked: null, settling: false });
}

/** Reading is allowed, appending is refused with this reason (the CLI on the app's keychain keys). */
export function attachLockedAnchor(db: Db, file: string, reason: string): void {
  attached.set(db, { file, secret: null, installation: '', locked: reason, settling: false });
}

/** Writes the anchor for the database's committed head now (at start-up, after a restore). */
export function settleAnchor(db: Db): void {
  const a = attached.get(db);
  if (!a?.secret || !db.open) return;
  const head = chainHead(db);
  writeAnchorFile(a.file, signAnchor(a.secret, a.installation, head, head));
}

/** Called by appendAudit inside the transaction, right after the event row is inserted. */
export function anchorAppended(db: Db, prev: ChainHead, head: ChainHead): void {
  const a = attached.get(db);
  if (!a) return;
  if (a.locked || !a.secret)
    throw new AuditAnchorLockedError(a.locked ?? 'The audit anchor cannot be updated by this process.');
  writeAnchorFile(a.file, signAnchor(a.secret, a.installation, head, prev));
  if (a.settling) return;
  a.settling = true;
  // After the transaction ends (committed or rolled back), anchor exactly what the database holds.
  const settle = () => {
    if (db.open && db.inTransaction) return void setImmediate(settle);
    a.settling = false;
    try {
      settleAnchor(db);
    } catch {
      // The next event or the next start writes it; verify names a stale anchor meanwhile.
    }
  };
  queueMicrotask(settle);
}
