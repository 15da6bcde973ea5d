import { hostname } from 'node:os';
import { resolve } from 'node:path';
import {
  decideConflict,
  exportBundle,
  importBundle,
  listConflicts,
  UnknownSignerError,
  type BundleImportResult,
} from '../../services/bundles';
import { workstationId } from '../../services/core/workstation';
import { withContext } from '../context';
import { terminalSafe } from '../../domain/names';
import { printResult, UsageError, type CliIo } from '../io';

const ACTOR = 'cli';

export async function bundleExport(
  opts: { session: string; out: string; withMedia?: boolean; db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const r = exportBundle(ctx.db, {
      session: opts.session,
      out: resolve(opts.out),
      withMedia: Boolean(opts.withMedia),
      workstation: workstationId(ctx.db),
      actor: ACTOR,
      keys: ctx.keys,
      label: hostname(),
    });
    printResult(
      io,
      opts.json,
      r,
      `bundle written: ${r.file} (${r.entries} records${r.media ? `, ${r.media} videos` : ''}; signed by this workstation, key fingerprint ${r.signer})\n`,
    );
    return 0;
  });
}

const describeSigner = (r: BundleImportResult) =>
  `signed by "${r.signer.label}" (key fingerprint ${r.signer.fingerprint})${r.signer.thisWorkstation ? ', this workstation' : r.signer.trusted ? ', a trusted workstation' : r.signer.newlyTrusted ? ', now trusted at your confirmation' : ', NOT yet trusted'}`;

export async function bundleImport(
  file: string,
  opts: { db?: string; json?: boolean; trust?: string; preview?: boolean },
  io: CliIo,
): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    let r: BundleImportResult;
    try {
      r = importBundle(ctx.db, resolve(file), {
        libraryDir: ctx.libraryDir,
        actor: ACTOR,
        keys: ctx.keys,
        // Only the signer whose fingerprint the user checked, never whoever signed this file.
        ...(opts.trust !== undefined ? { trust: opts.trust.trim().toLowerCase() } : {}),
        preview: Boolean(opts.preview),
      });
    } catch (err) {
      if (!(err instanceof UnknownSignerError)) throw err;
      io.err(`${terminalSafe(err.message)}\n`);
      return 1;
    }
    if (opts.json) {
      io.out(JSON.stringify(r, null, 2) + '\n');
      return 0;
    }
    io.out(`${r.file}: session ${r.session}, ${describeSigner(r)}\n`);
    if (r.alreadyImported) {
      io.out('it was already imported; nothing changed\n');
      return 0;
    }
    const added = Object.entries(r.added).map(([k, n]) => `${n} ${k.replace('_', ' ')}${n === 1 ? '' : 's'}`);
    io.out(
      `${r.preview ? 'would add' : 'merged: added'} ${added.join(', ') || 'nothing new'}; ${r.unchanged} already here\n`,
    );
    for (const c of r.conflicts) {
      io.out(
        `${r.preview ? 'difference' : `conflict ${c.id}`}: ${c.kind} ${c.key}: here ${JSON.stringify(c.local)}, in bundle ${JSON.stringify(c.incoming)}\n`,
      );
    }
    if (r.preview)
      io.out(
        `preview only: nothing was changed${r.signer.trusted ? '' : `; after checking the fingerprint with its owner, import with --trust ${r.signer.fingerprint}`}\n`,
      );
    else if (r.conflicts.length)
      io.out(
        `${r.conflicts.length} difference(s) kept as they are here; settle each with: osce bundle decide ID --keep-local|--take-incoming --reason TEXT\n`,
      );
    return 0;
  });
}

export async function bundleConflicts(
  opts: { db?: string; json?: boolean; all?: boolean },
  io: CliIo,
): Promise<number> {
  return withContext(opts.db, io, (ctx) => {
    const list = listConflicts(ctx.db, opts.all ? 'all' : 'open');
    if (opts.json) io.out(JSON.stringify(list, null, 2) + '\n');
    else if (!list.length) io.out('no open merge conflicts\n');
    else
      for (const c of list)
        io.out(
          `${c.id}\t${c.status}\t${c.kind}\t${c.key}\there ${JSON.stringify(c.local)}\tbundle ${JSON.stringify(c.incoming)}\n`,
        );
    return 0;
  });
}

export async function bundleDecide(
  id: string,
  opts: { keepLocal?: boolean; takeIncoming?: boolean; reason?: string; db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  if (!/^\d+$/.test(id)) throw new UsageError(`conflict id must be a number, got '${id}'`);
  if (Boolean(opts.keepLocal) === Boolean(opts.takeIncoming))
    throw new UsageError('give exactly one of --keep-local or --take-incoming');
  if (!opts.reason?.trim()) throw new UsageError('--reason is required');
  return withContext(opts.db, io, (ctx) => {
    const choice = opts.keepLocal ? 'keep-local' : 'take-incoming';
    decideConflict(ctx.db, Number(id), choice, opts.reason!, ACTOR);
    printResult(
      io,
      opts.json,
      { id: Number(id), choice },
      `conflict ${id} settled: ${opts.keepLocal ? "kept this workstation's value" : "took the bundle's value"}\n`,
    );
    return 0;
  });
}
