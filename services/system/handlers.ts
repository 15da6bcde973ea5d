/** The system calls of the contract (contract/system.ts): the app's facts, settings, the system check. */
import { type systemCalls } from '../../contract/system';
import { SCHEMA_VERSION } from '../../db/migrate';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { isDemoDatabase } from '../demo/create';
import { runDiagnostics } from './diagnostics';
import { settingsView, updateSettings } from './settings';

export function systemHandlers(ctx: ServiceContext): HandlersFor<typeof systemCalls> {
  return {
    appInfo: () => ({
      appVersion: ctx.appVersion,
      dbPath: ctx.dbPath,
      schemaVersion: SCHEMA_VERSION,
      isDemo: isDemoDatabase(ctx.db),
      dataDir: ctx.dataDir,
      integrityCheck: ctx.integrityCheck ?? { state: 'not-run', detail: null, latestBackup: null },
    }),
    getSettings: () => settingsView(ctx),
    updateSettings: ([patch]) => updateSettings(ctx, patch),
    runDiagnostics: (_args, op) => runDiagnostics(ctx, op),
  };
}
