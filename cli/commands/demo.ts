import { join } from 'node:path';
import { createDemoDatabase } from '../../services/demo/create';
import { defaultUserDataDir } from '../../services/core/paths';
import { printResult, type CliIo } from '../io';

/** Where the demo lives by default: its own folder, never the real database's. */
export function defaultDemoDbPath(env: NodeJS.ProcessEnv): string {
  return join(defaultUserDataDir(env), 'demo', 'osce-demo.sqlite');
}

/** `osce demo [--db FILE]`: a separate, clearly marked demo database to explore every screen. */
export async function demoCommand(opts: { db?: string; seed?: string; json?: boolean }, io: CliIo): Promise<number> {
  const dbPath = opts.db ?? defaultDemoDbPath(io.env);
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  const r = await createDemoDatabase(dbPath, seed === undefined || Number.isNaN(seed) ? {} : { seed });
  printResult(
    io,
    opts.json,
    r,
    [
      `demo database written: ${r.dbPath}`,
      `  session ${r.session}: ${r.recordings} recordings, ${r.candidates.length} candidates, ${r.adjudications} adjudicated steps`,
      `  examiners: ${r.examiners.join(', ')}`,
      `  models: ${r.models.join(', ')}`,
      `open it with: npm start -- --db "${r.dbPath}"   (or "Load demo data" in Settings)`,
    ].join('\n') + '\n',
  );
  return 0;
}
