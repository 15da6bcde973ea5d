/** The exam bundle calls of the contract (contract/bundles.ts). */
import { type bundleCalls } from '../../contract/bundles';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { decideConflict, listConflicts } from './conflicts';
import { importBundle } from './merge';
import { listTrustedSigners } from './trust';
import { exportBundle } from './export';
import { workstationId } from '../core/workstation';
import { hostname } from 'node:os';

export function bundleHandlers(ctx: ServiceContext, actor: string): HandlersFor<typeof bundleCalls> {
  const base = { libraryDir: ctx.libraryDir, actor, keys: ctx.keys };
  return {
    exportBundle: ([input]) =>
      exportBundle(ctx.db, {
        session: input.session,
        out: input.file,
        withMedia: input.withMedia,
        workstation: workstationId(ctx.db),
        actor,
        keys: ctx.keys,
        label: hostname(),
      }),
    previewBundle: ([file]) => importBundle(ctx.db, file, { ...base, preview: true }),
    importBundle: ([input]) => {
      const r = importBundle(ctx.db, input.file, {
        ...base,
        ...(input.trustSigner ? { trust: input.trustSigner } : {}),
      });
      ctx.hostLink?.dataChanged('marks');
      return r;
    },
    listMergeConflicts: ([q]) => listConflicts(ctx.db, q.all ? 'all' : 'open'),
    decideMergeConflict: ([d]) => {
      decideConflict(ctx.db, d.id, d.choice, d.reason, actor);
      return listConflicts(ctx.db, 'open');
    },
    listTrustedSigners: () => listTrustedSigners(ctx.db),
  };
}
