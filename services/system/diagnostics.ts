import { accessSync, constants, mkdirSync } from 'node:fs';
import type { DiagnosticsCheck, DiagnosticsReport } from '../../contract/system';
import { quickCheck } from '../../db/database-file';
import { SCHEMA_VERSION, schemaVersion } from '../../db/migrate';
import type { OperationContext, ServiceContext } from '../core/context';
import { CancelledError } from '../core/errors';

/** A system check a lab administrator can run from Settings: database, folders, ffmpeg. */
export async function runDiagnostics(ctx: ServiceContext, op: OperationContext): Promise<DiagnosticsReport> {
  const steps: [string, () => Promise<DiagnosticsCheck[]> | DiagnosticsCheck[]][] = [
    [
      'Database integrity',
      () => {
        const result = quickCheck(ctx.db);
        return [
          {
            name: 'Database integrity',
            ok: result === 'ok',
            detail: result === 'ok' ? `${ctx.dbPath} passed quick_check` : result,
          },
        ];
      },
    ],
    [
      'Database schema',
      () => {
        const v = schemaVersion(ctx.db);
        return [
          { name: 'Database schema', ok: v === SCHEMA_VERSION, detail: `version ${v} (app expects ${SCHEMA_VERSION})` },
        ];
      },
    ],
    [
      'Data folder',
      () => {
        try {
          mkdirSync(ctx.libraryDir, { recursive: true });
          accessSync(ctx.libraryDir, constants.W_OK);
          return [{ name: 'Data folder', ok: true, detail: `${ctx.dataDir} is writable` }];
        } catch (err) {
          return [
            { name: 'Data folder', ok: false, detail: `${ctx.libraryDir} is not writable: ${(err as Error).message}` },
          ];
        }
      },
    ],
    [
      'Media tools',
      async () => {
        const tools = await ctx.media.status();
        return (['ffmpeg', 'ffprobe'] as const).map((name) => {
          const t = tools[name];
          return t.problem
            ? { name, ok: false, detail: t.problem }
            : { name, ok: true, detail: `${t.version} (${t.path}, from ${t.source})` };
        });
      },
    ],
  ];
  const checks: DiagnosticsCheck[] = [];
  for (const [i, [label, run]] of steps.entries()) {
    if (op.signal.aborted) throw new CancelledError();
    op.progress({ done: i, total: steps.length, current: label });
    checks.push(...(await run()));
  }
  op.progress({ done: steps.length, total: steps.length });
  return { ok: checks.every((c) => c.ok), checks };
}
