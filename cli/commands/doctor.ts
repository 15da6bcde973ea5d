import { existsSync } from 'node:fs';
import { openServiceContext } from '../../services/backend/open';
import { defaultUserDataDir, resolveDbPath } from '../../services/core/paths';
import { schemaVersion, SCHEMA_VERSION } from '../../db/migrate';
import type { CliIo } from '../io';
import { appVersion, electronInfo } from '../version';
import { cliToolPaths } from '../context';

/** `osce doctor`: what this machine has; exit 1 with one clear line per missing piece. */
export async function doctor(
  opts: { db?: string | undefined; json?: boolean | undefined },
  io: CliIo,
): Promise<number> {
  const problems: string[] = [];
  const electron = electronInfo();
  const dbPath = resolveDbPath({ flag: opts.db, env: io.env });
  const report: Record<string, unknown> = {
    app: appVersion(),
    node: process.versions.node,
    electron: electron.version,
    electronBinaryInstalled: electron.binaryInstalled,
    database: dbPath,
    databaseExisted: existsSync(dbPath),
  };
  let opened: ReturnType<typeof openServiceContext> | null = null;
  try {
    // The full integrity check: doctor is where a lab looks when something seems wrong.
    opened = openServiceContext({
      dbPath,
      appVersion: appVersion(),
      userDir: defaultUserDataDir(io.env),
      toolPaths: cliToolPaths(io.env),
      integrityCheck: 'always',
    });
    report.integrity = 'ok';
    report.schemaVersion = schemaVersion(opened.ctx.db);
    report.schemaVersionSupported = SCHEMA_VERSION;
    const tools = await opened.ctx.media.status();
    report.ffmpeg = tools.ffmpeg;
    report.ffprobe = tools.ffprobe;
    for (const name of ['ffmpeg', 'ffprobe'] as const) {
      if (tools[name].problem) problems.push(`${name}: ${tools[name].problem}`);
    }
  } catch (err) {
    problems.push(`database: ${(err as Error).message}`);
  } finally {
    opened?.close();
  }
  if (!electron.version) problems.push('electron: the electron package is not installed (run npm ci)');

  if (opts.json) {
    io.out(JSON.stringify({ ...report, ok: problems.length === 0, problems }, null, 2) + '\n');
  } else {
    const tool = (t: unknown) => {
      const x = t as { path: string | null; version: string | null; source: string | null } | undefined;
      return x?.path ? `${x.version ?? 'unknown version'}\n    at ${x.path} (${x.source})` : 'not found';
    };
    io.out(
      [
        `OSCE Scoring Assistant ${report.app}`,
        `Node      ${report.node}`,
        `Electron  ${electron.version ?? 'not installed'}${electron.version && !electron.binaryInstalled ? ' (binary not downloaded yet; npm start fetches it)' : ''}`,
        // A mistyped path is a new installation (its own key and anchor): say so, not only in --json.
        `Database  ${dbPath}${report.databaseExisted ? '' : ' (did not exist: a new, empty database was created there)'}`,
        `Schema    ${report.schemaVersion ?? 'unknown'} (this app: ${SCHEMA_VERSION})`,
        `Integrity ${report.integrity === 'ok' ? 'ok (full check)' : 'not checked'}`,
        `ffmpeg    ${tool(report.ffmpeg)}`,
        `ffprobe   ${tool(report.ffprobe)}`,
      ].join('\n') + '\n',
    );
    for (const p of problems) io.err(`missing: ${p}\n`);
  }
  return problems.length ? 1 : 0;
}
