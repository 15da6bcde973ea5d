import { resolve } from 'node:path';
import { backupDatabase, chainOfBackup, recordRestore, restoreDatabase } from '../../services/integrity/backup';
import { parseAnchor } from '../../services/integrity/anchor';
import { compareChains, type ChainEvent } from '../../services/integrity/compare';
import { verifyAuditTrail } from '../../services/integrity/verify';
import { readBundle } from '../../services/bundles';
import { resolveDbPath } from '../../services/core/paths';
import { printResult, type CliIo } from '../io';
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

/** `osce restore FILE`: checks the backup, refuses while the database is open elsewhere, keeps the current one aside, checks the result. */
export async function restoreCommand(file: string, opts: { db?: string; json?: boolean }, io: CliIo): Promise<number> {
  const dbPath = resolveDbPath({ flag: opts.db, env: io.env });
  const r = await restoreDatabase(dbPath, resolve(file));
  const recorded = recordRestore(
    dbPath,
    { from: resolve(file), keptAside: r.keptAside, contentHash: r.contentHash },
    'cli',
  );
  printResult(
    io,
    opts.json,
    {
      restored: resolve(file),
      into: dbPath,
      pages: r.pages,
      contentHash: r.contentHash,
      keptAside: r.keptAside,
      recordedInAuditTrail: recorded,
    },
    `restored ${resolve(file)} into ${dbPath}: ${r.pages} pages, content hash ${r.contentHash.slice(0, 16)}… equal to the backup's\n` +
      (r.keptAside ? `the previous database was kept as ${r.keptAside}\n` : '') +
      (recorded
        ? 'the restore was recorded in the audit trail\n'
        : 'the audit anchor is kept by the desktop app: it will record this restore as an alarm when it next starts\n'),
  );
  return 0;
}

/** The chain of another copy: a backup (an exam database) or an exam bundle. */
function otherCopy(file: string): { events: ChainEvent[]; head: ChainEvent | null; label: string } {
  const bundle = (() => {
    try {
      return readBundle(file, { signature: 'any' });
    } catch {
      return null;
    }
  })();
  if (bundle) {
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
  return { ...chainOfBackup(file), label: `the backup ${file}` };
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
        const other = otherCopy(resolve(f));
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
      return verdict.ok ? 0 : 1;
    },
    { anchorCheck: false },
  );
}
