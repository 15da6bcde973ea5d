/** The record-integrity calls of the contract (contract/integrity-api.ts), spread into the backend handlers. */
import type { BackendHandlers } from '../backend/handlers';
import type { ServiceContext } from '../core/context';
import { verifyAuditTrail } from '../integrity/verify';
import { setLeadExaminer } from '../review/duties';
import { decideConflict, listConflicts } from './conflicts';
import { importBundle } from './merge';
import { listTrustedSigners } from './trust';

type IntegrityCall = 'previewBundle' | 'importBundle' | 'listMergeConflicts' | 'decideMergeConflict' | 'listTrustedSigners' | 'verifyAuditTrail' | 'setLeadExaminer';

export function integrityHandlers(ctx: ServiceContext, actor: string): Pick<BackendHandlers, IntegrityCall> {
  const base = { libraryDir: ctx.libraryDir, actor, keys: ctx.keys };
  return {
    previewBundle: ([file]) => importBundle(ctx.db, file, { ...base, preview: true }),
    importBundle: ([input]) => {
      const r = importBundle(ctx.db, input.file, { ...base, ...(input.trustSigner ? { trust: input.trustSigner } : {}) });
      ctx.hostLink?.dataChanged('marks');
      return r;
    },
    listMergeConflicts: ([q]) => listConflicts(ctx.db, q.all ? 'all' : 'open'),
    decideMergeConflict: ([d]) => {
      decideConflict(ctx.db, d.id, d.choice, d.reason, actor);
      return listConflicts(ctx.db, 'open');
    },
    listTrustedSigners: () => listTrustedSigners(ctx.db),
    verifyAuditTrail: () => verifyAuditTrail(ctx.db, { dbPath: ctx.dbPath, keys: ctx.keys }),
    setLeadExaminer: ([input]) => setLeadExaminer(ctx.db, input, actor),
  };
}
