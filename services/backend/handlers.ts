import type { z } from 'zod';
import { isDemoDatabase } from '../demo/create';
import { api, type CallName, type ResultOf } from '../../contract/api';
import type { OperationContext, ServiceContext } from '../core/context';
import { createSession, listSessions } from '../recordings/sessions';
import { getSettings, updateSettings } from '../core/settings';
import { listRecordings } from '../recordings/list';
import { runDiagnostics } from '../system/diagnostics';
import { backupNow, backupsOverview } from '../integrity/backup-schedule';
import { getRubric, listRubrics, saveRubric } from '../rubrics/store';
import { importRubricFile } from '../rubrics/rubric-file';
import { SCHEMA_VERSION } from '../../db/migrate';
import { reportHandlers } from '../reports/handlers';
import { reviewHandlers } from '../review/handlers';
import { importHandlers } from '../recordings/handlers';
import { scoringHandlers } from '../scoring/providers/handlers';
import { integrityHandlers } from '../bundles/handlers';

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
      isDemo: isDemoDatabase(ctx.db),
      dataDir: ctx.dataDir,
    }),
    listSessions: () => listSessions(ctx.db),
    createSession: ([input]) => createSession(ctx.db, input, actor),
    listRecordings: ([filter]) => listRecordings(ctx.db, filter),
    getSettings: () => getSettings(ctx.db),
    updateSettings: ([patch]) => updateSettings(ctx.db, patch),
    runDiagnostics: (_args, op) => runDiagnostics(ctx, op),
    listBackups: () => backupsOverview(ctx),
    backupNow: () => backupNow(ctx),
    listRubrics: () => listRubrics(ctx.db),
    getRubric: ([ref]) => getRubric(ctx.db, ref.id, ref.version),
    saveRubric: ([input]) => saveRubric(ctx.db, input.rubric, { actor, asNew: input.asNew }),
    importRubricFile: ([file]) => importRubricFile(ctx.db, file, actor),
    ...reportHandlers(ctx),
    ...reviewHandlers(ctx, actor),
    ...importHandlers(ctx, actor),
    ...scoringHandlers(ctx, actor),
    ...integrityHandlers(ctx, actor),
  };
}

export const backendCallNames = (Object.keys(api) as CallName[]).filter(
  (k) => api[k].runsIn === 'backend' && k !== 'cancelOperation',
) as BackendCallName[];
