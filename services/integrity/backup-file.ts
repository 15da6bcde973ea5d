/**
 * The trust boundary for whole database files that come from elsewhere: a backup about to be
 * restored, or another copy `osce audit verify --against` compares with. Every such file is
 * hostile until checked: a regular file (a FIFO would block the reader for ever), an SQLite
 * database, intact, of this app's exact schema, opened read-only with no trust in its schema.
 * Then its own audit trail is checked as `audit verify` checks a database: the chain link by link,
 * every mark and adjudication against its latest event, and the anchor it carries, which must have
 * been written with this installation's secret and name the chain's head.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, rmSync, existsSync } from 'node:fs';
import type { Db } from '../../db/connection';
import {
  databaseDigest,
  fileSchemaVersion,
  hasTable,
  integrityCheck,
  openUntrustedDatabaseFile,
} from '../../db/database-file';
import { chainEvents, chainHeadOf, type ChainHead } from '../../db/queries/audit';
import { metaValue } from '../../db/queries/settings';
import { SCHEMA_VERSION } from '../../db/migrate';
import { verifyAudit } from './audit';
import { anchorAuthentic, parseAnchor, type AnchorRecord } from './anchor';
import type { InstallationKeys } from './keys';
import { replayAudit } from './replay';
import { schemaDifferences } from './schema';

export class BackupFileError extends Error {
  override name = 'BackupFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} cannot be restored: ${reason}. The current database was not changed.`);
  }
}

/** The backup is intact but nothing shows its records are the ones this installation wrote. */
export class BackupUnverifiedError extends Error {
  override name = 'BackupUnverified';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file} was not restored: its records cannot be trusted (${problems.join('; ')}). The current database was not changed. ` +
        'If you have checked this backup some other way, restore it with --accept-unverified: the restore is then recorded as an alarm in the audit trail.',
    );
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** The first bytes of a regular file, read without blocking: a FIFO or a device is refused before anything waits on it. */
function fileHead(file: string): Buffer {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    throw new BackupFileError(file, 'the file does not exist');
  }
  if (!st.isFile() && !st.isSymbolicLink()) throw new BackupFileError(file, 'it is not a regular file');
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new BackupFileError(file, `it cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new BackupFileError(file, 'it is not a regular file');
    const head = Buffer.alloc(20);
    readSync(fd, head, 0, 20, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}

export { openUntrustedDatabaseFile as openUntrusted };

/** Checks a candidate backup is an intact database of this app, schema included, not newer; returns its digest. */
export function checkBackupFile(file: string): { schemaVersion: number; pages: number; contentHash: string } {
  const head = fileHead(file);
  if (head.toString('latin1', 0, 16) !== SQLITE_HEADER) throw new BackupFileError(file, 'it is not an SQLite database');
  // Bytes 18-19 are 2 in WAL mode: opening such a file would create -wal/-shm beside it.
  const walMode = head[18] === 2 || head[19] === 2;
  const companions = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  let db: Db | null = null;
  try {
    db = openUntrustedDatabaseFile(file);
    const integrity = integrityCheck(db);
    if (integrity !== 'ok') throw new BackupFileError(file, `its integrity check failed (${integrity})`);
    const version = fileSchemaVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new BackupFileError(
        file,
        `it was written by a newer version of the app (schema ${version}, this app ${SCHEMA_VERSION})`,
      );
    }
    if (version < 1) throw new BackupFileError(file, 'it is not an exam database (no schema version)');
    const differences = schemaDifferences(db, version);
    if (differences.length) {
      throw new BackupFileError(
        file,
        `its schema is not what this app creates (${differences.slice(0, 5).join('; ')}${differences.length > 5 ? '; …' : ''})`,
      );
    }
    return { schemaVersion: version, ...databaseDigest(db) };
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new BackupFileError(file, `it cannot be read as a database (${(err as Error).message})`);
  } finally {
    db?.close();
    if (walMode) for (const f of companions) rmSync(f, { force: true });
  }
}

/** The anchor a backup carries (app_meta), or null without one; 'damaged' when it is there but not an anchor. */
function anchorIn(db: Db): AnchorRecord | null | 'damaged' {
  const raw = metaValue(db, 'audit_anchor');
  if (raw === undefined) return null;
  try {
    return parseAnchor(JSON.parse(raw)) ?? 'damaged';
  } catch {
    return 'damaged';
  }
}

const same = (a: ChainHead, b: ChainHead) => a.seq === b.seq && a.hash === b.hash;

/**
 * Why a checked backup's records cannot be trusted, in words; empty when its chain is intact, every
 * mark and adjudication matches its latest event, and its anchor was written with this
 * installation's secret at the chain's head. Without this installation's keys the anchor cannot
 * be checked, and that is said too.
 */
export function backupTrustProblems(file: string, keys: InstallationKeys | null): string[] {
  const db = openUntrustedDatabaseFile(file);
  try {
    const problems: string[] = [];
    const chain = verifyAudit(db);
    if (!chain.ok) problems.push(`its audit trail is broken: ${chain.problem}`);
    for (const p of replayAudit(db, 5)) problems.push(p.message);
    const anchor = anchorIn(db);
    if (anchor === null) problems.push('it carries no audit anchor, so nothing shows its trail was not rewritten');
    else if (anchor === 'damaged') problems.push('its audit anchor is damaged');
    else if (!keys)
      problems.push("this installation's keys are not available here, so the anchor it carries cannot be checked");
    else if (anchor.installation !== keys.fingerprint)
      problems.push('its audit anchor was made by another installation, so it cannot be checked here');
    else if (!anchorAuthentic(keys.anchorSecret, anchor))
      problems.push("its audit anchor was not written with this installation's secret: it was edited");
    else {
      const head = chainHeadOf(db);
      if (!same(head, anchor.head) && !same(head, anchor.prev))
        problems.push(
          `its audit trail ends at event ${head.seq}, but its anchor says event ${anchor.head.seq}: events were added or removed after the backup was made`,
        );
    }
    return problems;
  } finally {
    db.close();
  }
}

/** Another copy `audit verify --against` compares with, refused like a restore would refuse it. */
export class OtherCopyError extends Error {
  override name = 'OtherCopyRefused';
  constructor(file: string, reason: string) {
    super(`${file} cannot be compared: ${reason}. Nothing was changed.`);
  }
}

/**
 * The audit chain of a backup, after the backup checks, and the head its anchor recorded. The
 * anchor's head is used only when this installation wrote it (else a forged anchor could claim
 * deleted events); a backup whose own chain is broken is refused rather than compared.
 */
export function chainOfBackup(
  file: string,
  keys: InstallationKeys | null,
): { events: ChainHead[]; head: ChainHead | null } {
  try {
    checkBackupFile(file);
  } catch (err) {
    if (err instanceof BackupFileError) throw new OtherCopyError(file, err.reason);
    throw err;
  }
  const db = openUntrustedDatabaseFile(file);
  try {
    const chain = verifyAudit(db);
    if (!chain.ok) throw new OtherCopyError(file, `its own audit trail is broken (${chain.problem})`);
    const anchor = anchorIn(db);
    const trusted =
      anchor !== null &&
      anchor !== 'damaged' &&
      keys !== null &&
      anchor.installation === keys.fingerprint &&
      anchorAuthentic(keys.anchorSecret, anchor);
    return { events: chainEvents(db), head: trusted ? (anchor as AnchorRecord).head : null };
  } finally {
    db.close();
  }
}

/** Whether a regular SQLite file holds an exam bundle's tables (read without running any of its SQL). */
export function looksLikeBundle(file: string): boolean {
  let head: Buffer;
  try {
    head = fileHead(file);
  } catch (err) {
    if (err instanceof BackupFileError) throw new OtherCopyError(file, err.reason);
    throw err;
  }
  if (head.toString('latin1', 0, 16) !== SQLITE_HEADER) throw new OtherCopyError(file, 'it is not an SQLite database');
  // Bundles are always written without WAL; a WAL file is read as a backup (which handles its companions).
  if (head[18] === 2 || head[19] === 2) return false;
  let db: Db;
  try {
    db = openUntrustedDatabaseFile(file);
  } catch (err) {
    throw new OtherCopyError(file, `it cannot be read as a database (${(err as Error).message})`);
  }
  try {
    return hasTable(db, 'bundle_manifest');
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** The database a backup was made of (its workstation id, written by backupDatabase), or null when the file is not such a backup. */
export function backupMark(file: string): string | null {
  try {
    const head = fileHead(file);
    if (head.toString('latin1', 0, 16) !== SQLITE_HEADER || head[18] === 2 || head[19] === 2) return null;
    const db = openUntrustedDatabaseFile(file);
    try {
      return metaValue(db, BACKUP_MARK) ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** The app_meta key a backup carries: which database (workstation id) it is a backup of. */
export const BACKUP_MARK = 'backup_of';
