import type { z } from 'zod';
import { api, type CallName, type ResultOf } from '../../contract/api';
import type { OperationContext, ServiceContext } from '../context';
import { createSession, listSessions } from '../sessions';
import { getSettings, updateSettings } from '../settings';
import { listRecordings } from '../recordings';
import { runDiagnostics } from '../diagnostics';
import { SCHEMA_VERSION } from '../../db/migrate';

type BackendCallName = {
  [K in CallName]: (typeof api)[K]['runsIn'] extends 'backend' ? (K extends 'cancelOperation' ? never : K) : never;
}[CallName];

type ParsedArgs<K extends CallName> = z.output<(typeof api)[K]['args']>;

export type BackendHandlers = {
  [K in BackendCallName]: (args: ParsedArgs<K>, op: OperationContext) => Promise<ResultOf<K>> | ResultOf<K>;
};

/** Every backend call of the contract, implemented by the domain services. */
export function createBackendHandlers(ctx: ServiceContext, actor = 'app'): BackendHandlers {
  return {
    appInfo: () => ({
      appVersion: ctx.appVersion,
      dbPath: ctx.dbPath,
      schemaVersion: SCHEMA_VERSION,
      isDemo: false,
      dataDir: ctx.dataDir,
    }),
    listSessions: () => listSessions(ctx.db),
    createSession: ([input]) => createSession(ctx.db, input, actor),
    listRecordings: ([filter]) => listRecordings(ctx.db, filter),
    getSettings: () => getSettings(ctx.db),
    updateSettings: ([patch]) => updateSettings(ctx.db, patch),
    runDiagnostics: (_args, op) => runDiagnostics(ctx, op),
  };
}

export const backendCallNames = (Object.keys(api) as CallName[]).filter(
  (k) => api[k].runsIn === 'backend' && k !== 'cancelOperation',
) as BackendCallName[];
