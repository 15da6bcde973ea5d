import { openServiceContext } from '../services/backend/open';
import type { ServiceContext } from '../services/core/context';
import { defaultUserDataDir, resolveDbPath } from '../services/core/paths';
import { appVersion } from './version';
import { fixedToolPaths } from '../services/media/tool-settings';
import type { CliIo } from './io';

/** The command line's ffmpeg/ffprobe paths: the environment variables OSCE_FFMPEG and OSCE_FFPROBE. */
export function cliToolPaths(env: NodeJS.ProcessEnv) {
  return fixedToolPaths({ ffmpegPath: env.OSCE_FFMPEG?.trim() || null, ffprobePath: env.OSCE_FFPROBE?.trim() || null });
}

/** Opens the database the command works on: --db, else OSCE_DB, else the app's user-data folder. */
export function withContext<T>(
  dbFlag: string | undefined,
  io: CliIo,
  fn: (ctx: ServiceContext) => Promise<T> | T,
  opts: { anchorCheck?: boolean; integrityCheck?: 'always' } = {},
): Promise<T> {
  const dbPath = resolveDbPath({ flag: dbFlag, env: io.env });
  const { ctx, close } = openServiceContext({
    dbPath,
    appVersion: appVersion(),
    userDir: defaultUserDataDir(io.env),
    toolPaths: cliToolPaths(io.env),
    ...opts,
  });
  return Promise.resolve()
    .then(() => fn(ctx))
    .finally(close);
}
