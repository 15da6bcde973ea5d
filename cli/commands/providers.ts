/**
 * `osce providers presets` lists the presets; `osce providers test` finds out what a server
 * accepts (the same tiny requests as "Test connection" in the app), stores it in the database for
 * `osce score`, and prints it as JSON.
 */
import { PROVIDER_PRESETS } from '../../domain/model-providers/presets';
import { MissingApiKeyError, testConnection } from '../../services/scoring/engine';
import { withContext } from '../context';
import { UsageError, withCtrlC, type CliIo } from '../io';
import { missingKeyHint, providerFromFlags, secretsFromFlags, type ProviderFlags } from './provider-flags';

export function providersPresets(f: { json?: boolean }, io: CliIo): number {
  if (f.json) {
    io.out(JSON.stringify({ presets: PROVIDER_PRESETS }, null, 2) + '\n');
    return 0;
  }
  for (const p of PROVIDER_PRESETS) {
    io.out(
      `${p.id.padEnd(13)} ${p.label} (${p.kind === 'api' ? 'API, needs a key' : 'lab server'}): ${p.baseUrlPattern}; ${p.tokenParameter}; ` +
        `answer format ${p.structuredOutput}; images ${p.images}; audio ${p.audio}; concurrency ${p.concurrency}\n`,
    );
  }
  return 0;
}

export interface ProvidersTestFlags extends ProviderFlags {
  db?: string;
}

/** Exit 0 when the server can do scoring's job, 1 when something does not work (the JSON says what). */
export async function providersTest(f: ProvidersTestFlags, io: CliIo): Promise<number> {
  const provider = providerFromFlags(f);
  const secrets = secretsFromFlags(f, provider, io.env);
  if (provider.kind === 'api' && !(await secrets.apiKey(provider)))
    throw new UsageError(missingKeyHint(new MissingApiKeyError(secrets.description).message));
  return withContext(f.db, io, async (ctx) => {
    const report = await withCtrlC(io, (signal) => testConnection(ctx.db, provider, secrets, { signal, actor: 'cli' }));
    io.out(
      JSON.stringify(
        {
          ok: report.ok,
          host: report.host,
          location: report.location,
          model: provider.model,
          models: report.models,
          checks: report.checks,
          capabilities: report.capabilities,
        },
        null,
        2,
      ) + '\n',
    );
    return report.ok ? 0 : 1;
  });
}
