/**
 * The Chart.js UMD build, inlined into the self-contained HTML report so it draws its charts
 * offline with no request to any host. The app's bundle carries a copy next to itself
 * (scripts/build.mjs copies it to dist/main/vendor); the CLI and tests read it from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHART_JS_FILE = 'chart.umd.min.js';

class ChartLibraryMissingError extends Error {
  override name = 'ChartLibraryMissing';
  constructor(tried: string[]) {
    super(`The chart library (${CHART_JS_FILE}) was not found; looked in: ${tried.join(', ')}. Reinstall the app.`);
  }
}

let cached: string | null = null;

function candidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = [join(here, 'vendor', CHART_JS_FILE)];
  try {
    // chart.js's "exports" hides dist/, so resolve its entry point and step to the UMD beside it.
    out.push(join(dirname(createRequire(import.meta.url).resolve('chart.js')), CHART_JS_FILE));
  } catch {
    // Not installed (a packaged app): only the vendored copy can serve.
  }
  return out;
}

export function chartJsSource(): string {
  if (cached !== null) return cached;
  const tried = candidates();
  const file = tried.find((f) => existsSync(f));
  if (!file) throw new ChartLibraryMissingError(tried);
  cached = readFileSync(file, 'utf8');
  return cached;
}
