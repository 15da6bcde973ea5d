import { resolve } from 'node:path';
import { decideConflict, exportBundle, importBundle, listConflicts } from '../../services/bundles';
import { workstationId } from '../../services/workstation';
import { withContext } from '../context';
import { UsageError, type CliIo } from '../io';

const ACTOR = 'cli';

export async function bundleExport(opts: { session: string; out: string; withMedia?: boolean; db?: string }, io: CliIo): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const r = exportBundle(ctx.db, { session: opts.session, out: resolve(opts.out), withMedia: Boolean(opts.withMedia), workstation: workstationId(ctx.db), actor: ACTOR });
    io.out(`bundle written: ${r.file} (${r.entries} records${r.media ? `, ${r.media} videos` : ''}; checksum ${r.checksum.slice(0, 16)}…)\n`);
    return 0;
  });
}

export async function bundleImport(file: string, opts: { db?: string; json?: boolean }, io: CliIo): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const r = importBundle(ctx.db, resolve(file), { libraryDir: ctx.libraryDir, actor: ACTOR });
    if (opts.json) {
      io.out(JSON.stringify(r, null, 2) + '\n');
    } else if (r.alreadyImported) {
      io.out(`${r.file} was already imported; nothing changed\n`);
    } else {
      const added = Object.entries(r.added).map(([k, n]) => `${n} ${k.replace('_', ' ')}${n === 1 ? '' : 's'}`);
      io.out(`merged ${r.file} (session ${r.session}): added ${added.join(', ') || 'nothing new'}; ${r.unchanged} already here\n`);
      for (const c of r.conflicts) {
        io.out(`conflict ${c.id}: ${c.kind} ${c.key}: here ${JSON.stringify(c.local)}, in bundle ${JSON.stringify(c.incoming)}\n`);
      }
      if (r.conflicts.length) io.out(`${r.conflicts.length} conflict(s) kept as they are here; settle each with: osce bundle decide ID --keep-local|--take-incoming --reason TEXT\n`);
    }
    return 0;
  });
}

export async function bundleConflicts(opts: { db?: string; json?: boolean; all?: boolean }, io: CliIo): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const list = listConflicts(ctx.db, opts.all ? 'all' : 'open');
    if (opts.json) io.out(JSON.stringify(list, null, 2) + '\n');
    else if (!list.length) io.out('no open merge conflicts\n');
    else for (const c of list) io.out(`${c.id}\t${c.status}\t${c.kind}\t${c.key}\there ${JSON.stringify(c.local)}\tbundle ${JSON.stringify(c.incoming)}\n`);
    return 0;
  });
}

export async function bundleDecide(
  id: string,
  opts: { keepLocal?: boolean; takeIncoming?: boolean; reason?: string; db?: string },
  io: CliIo,
): Promise<number> {
  if (!/^\d+$/.test(id)) throw new UsageError(`conflict id must be a number, got '${id}'`);
  if (Boolean(opts.keepLocal) === Boolean(opts.takeIncoming)) throw new UsageError('give exactly one of --keep-local or --take-incoming');
  if (!opts.reason?.trim()) throw new UsageError('--reason is required');
  return withContext(opts.db, io, (ctx) => {
    decideConflict(ctx.db, Number(id), opts.keepLocal ? 'keep-local' : 'take-incoming', opts.reason!, ACTOR);
    io.out(`conflict ${id} settled: ${opts.keepLocal ? 'kept this workstation\'s value' : 'took the bundle\'s value'}\n`);
    return 0;
  });
}
