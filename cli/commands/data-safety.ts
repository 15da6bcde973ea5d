import { resolve } from 'node:path';
import { backupDatabase, recordRestore, restoreDatabase } from '../../services/integrity/backup';
import { chainOfBackup, looksLikeBundle, OtherCopyError } from '../../services/integrity/backup-file';
import { fileKeysIfPresent, type InstallationKeys } from '../../services/integrity/keys';
import { parseAnchor } from '../../services/integrity/anchor';
import { compareChains, type ChainEvent } from '../../services/integrity/compare';
import { verifyAuditTrail } from '../../services/integrity/verify';
import { BundleRefusedError, readBundle } from '../../services/bundles';
import { resolveDbPath } from '../../services/core/paths';
import { printResult, UsageError, type CliIo } from '../io';
import { acknowledgeAlarms } from '../../services/integrity/alarms';
import { withContext } from '../context';

/** `osce backup --out FILE`: an online backup of the live database, checked after writing. */
export async function backupCommand(opts: { out: string; db?: string; json?: boolean }, io: CliIo): Promise<number> {
  return withContext(
    opts.db,
    io,
    async (ctx) => {
      const { file, bytes, pages } = await backupDatabase(ctx.db, resolve(opts.out), ctx.keys);
      printResult(
        io,
        opts.json,
        { file, bytes, pages },
        `backup written: ${file} (${(bytes / 1024).toFixed(0)} KiB, ${pages} pages, integrity ok, schema as this app creates it)\n`,
      );
      return 0;
    },
    { integrityCheck: 'always' },
  );
}

/**
 * `osce restore FILE [--accept-unverified]`: checks the backup and its own audit trail (refused,
 * naming why, unless accepted), refuses while the database is open elsewhere, keeps the current one
 * aside, checks the result.
 */
export async function restoreCommand(
  file: string,
  opts: { db?: string; json?: boolean; acceptUnverified?: boolean },
  io: CliIo,
): Promise<number> {
  const dbPath = resolveDbPath({ flag: opts.db, env: io.env });
  const from = resolve(file);
  const r = await restoreDatabase(dbPath, from, {
    keys: fileKeysIfPresent(dbPath),
    acceptUnverified: Boolean(opts.acceptUnverified),
  });
  if (r.unverified.length)
    io.err(
      `WARNING: ${from} was restored without verification, as you asked: ${r.unverified.join('; ')}. ` +
        'Its marks may not be the ones examiners entered; the restore is recorded as an alarm in the audit trail.\n',
    );
  const recorded = recordRestore(
    dbPath,
    { from, keptAside: r.keptAside, contentHash: r.contentHash, unverified: r.unverified },
    'cli',
  );
  printResult(
    io,
    opts.json,
    {
      restored: from,
      into: dbPath,
      pages: r.pages,
      contentHash: r.contentHash,
      keptAside: r.keptAside,
      unverified: r.unverified,
      recordedInAuditTrail: recorded,
    },
    `restored ${from} into ${dbPath}: ${r.pages} pages, content hash ${r.contentHash.slice(0, 16)}… equal to the backup's\n` +
      (r.keptAside ? `the previous database was kept as ${r.keptAside}\n` : '') +
      (recorded
        ? 'the restore was recorded in the audit trail\n'
        : 'the audit anchor is kept by the desktop app: it will record this restore as an alarm when it next starts\n'),
  );
  return 0;
}

/**
 * The chain of another copy: an exam bundle (all of the bundle checks, any signer) or a backup
 * (all of the backup checks). Either is refused with the reason rather than read as it is.
 */
function otherCopy(
  file: string,
  keys: InstallationKeys | null,
): { events: ChainEvent[]; head: ChainEvent | null; label: string } {
  if (!looksLikeBundle(file)) return { ...chainOfBackup(file, keys), label: `the backup ${file}` };
  let bundle;
  try {
    bundle = readBundle(file, { signature: 'any' });
  } catch (err) {
    if (err instanceof BundleRefusedError) throw new OtherCopyError(file, err.reason);
    throw err;
  }
  try {
    const events = bundle.entries
      .get('audit_event')!
      .map((e) => ({ seq: Number(e.value.seq), hash: String(e.value.hash) }));
    const anchor = parseAnchor(bundle.manifest.audit_anchor ? JSON.parse(bundle.manifest.audit_anchor) : null);
    return { events, head: anchor?.head ?? null, label: `the bundle ${file}` };
  } finally {
    bundle.close();
  }
}

/** `osce audit verify [--against FILE]`: chain, schema, anchor, replay; and, given another copy, whether it contradicts this one. */
export async function auditVerifyCommand(
  opts: { db?: string; json?: boolean; against?: string[] },
  io: CliIo,
): Promise<number> {
  return withContext(
    opts.db,
    io,
    (ctx) => {
      const verdict = verifyAuditTrail(ctx.db, { dbPath: ctx.dbPath, keys: ctx.keys });
      for (const f of opts.against ?? []) {
        const other = otherCopy(resolve(f), ctx.keys);
        verdict.problems.push(...compareChains(ctx.db, other.events, other.head, other.label));
      }
      verdict.ok = verdict.problems.length === 0;
      if (opts.json) io.out(JSON.stringify(verdict) + '\n');
      else if (verdict.ok) {
        io.out(
          `audit trail intact: ${verdict.events} events, every link verified, ` +
            (verdict.anchor === 'verified'
              ? `anchored head ${verdict.head.seq} matches`
              : `anchor not checked (${ctx.keysLocked ?? 'no key'})`) +
            `, every mark and adjudication matches its latest event${opts.against?.length ? `, consistent with ${opts.against.length} other cop${opts.against.length === 1 ? 'y' : 'ies'}` : ''}\n`,
        );
      } else {
        io.out(`audit trail BROKEN: ${verdict.problems.length} problem${verdict.problems.length === 1 ? '' : 's'}\n`);
        for (const p of verdict.problems) io.out(`  [${p.code}] ${p.message}\n`);
      }
      if (!opts.json)
        for (const a of verdict.acknowledged)
          io.out(`  (acknowledged by ${a.by}: ${a.reason}) event ${a.seq}: ${a.message}\n`);
      return verdict.ok ? 0 : 1;
    },
    { anchorCheck: false },
  );
}

/** `osce audit acknowledge --by NAME --reason TEXT`: settles the open alarms, in the audit trail. */
export async function auditAcknowledgeCommand(
  opts: { db?: string; json?: boolean; by?: string; reason?: string },
  io: CliIo,
): Promise<number> {
  const by = opts.by?.trim() ?? '';
  const reason = opts.reason?.trim() ?? '';
  if (!by || !reason) throw new UsageError('give --by NAME and --reason TEXT: an acknowledgement says who and why');
  if (by.length > 120 || reason.length > 2000 || /[\u0000-\u001f\u007f]/.test(by + reason))
    throw new UsageError('--by is at most 120 characters and --reason at most 2000, without control characters');
  return withContext(opts.db, io, (ctx) => {
    const { acknowledged } = acknowledgeAlarms(ctx.db, { by, reason }, 'cli');
    printResult(
      io,
      opts.json,
      { acknowledged: acknowledged.map((a) => a.seq), by, reason },
      acknowledged.length
        ? `${acknowledged.length} alarm${acknowledged.length === 1 ? '' : 's'} acknowledged by ${by} (events ${acknowledged.map((a) => a.seq).join(', ')}); the acknowledgement is in the audit trail\n`
        : 'no open alarm to acknowledge\n',
    );
    return 0;
  });
}
