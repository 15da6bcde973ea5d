import { openServiceContext } from '../services/backend/open';
import type { ServiceContext } from '../services/core/context';
import { resolveDbPath } from '../services/core/paths';
import { appVersion } from './version';
import type { CliIo } from './io';

/** Opens the database the command works on: --db, else OSCE_DB, else the app's user-data folder. */
export function withContext<T>(
  dbFlag: string | undefined,
  io: CliIo,
  fn: (ctx: ServiceContext) => Promise<T> | T,
  opts: { anchorCheck?: boolean; integrityCheck?: 'always' } = {},
): Promise<T> {
  const dbPath = resolveDbPath({ flag: dbFlag, env: io.env });
  const { ctx, close } = openServiceContext({ dbPath, appVersion: appVersion(), ...opts });
  return Promise.resolve()
    .then(() => fn(ctx))
    .finally(close);
}
