import { resolve } from 'node:path';
import { verifyAudit } from '../../services/audit';
import { backupDatabase, restoreDatabase } from '../../services/backup';
import { resolveDbPath } from '../../services/paths';
import type { CliIo } from '../io';
import { withContext } from '../context';

/** `osce backup --out FILE`: an online backup of the live database, checked after writing. */
export async function backupCommand(opts: { out: string; db?: string }, io: CliIo): Promise<number> {
  return withContext(opts.db, io, async (ctx) => {
    const { file, bytes } = await backupDatabase(ctx.db, resolve(opts.out));
    io.out(`backup written: ${file} (${(bytes / 1024).toFixed(0)} KiB, integrity ok)\n`);
    return 0;
  });
}

/** `osce restore FILE`: checks the backup, keeps the current database aside, then restores. */
export async function restoreCommand(file: string, opts: { db?: string }, io: CliIo): Promise<number> {
  const dbPath = resolveDbPath({ flag: opts.db, env: io.env });
  const { keptAside } = await restoreDatabase(dbPath, resolve(file));
  io.out(`restored ${resolve(file)} into ${dbPath}\n`);
  if (keptAside) io.out(`the previous database was kept as ${keptAside}\n`);
  return 0;
}

/** `osce audit verify`: walks the hash chain and names the first broken link. */
export async function auditVerifyCommand(opts: { db?: string; json?: boolean }, io: CliIo): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const verdict = verifyAudit(ctx.db);
    if (opts.json) io.out(JSON.stringify(verdict) + '\n');
    else if (verdict.ok) io.out(`audit trail intact: ${verdict.events} events, every link verified\n`);
    else io.out(`audit trail BROKEN at event ${verdict.seq}: ${verdict.problem}\n`);
    return verdict.ok ? 0 : 1;
  });
}
