import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx|mts)$/.test(name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

/** The top-level folder an import lands in, or the package name. */
function target(file: string, spec: string): string {
  // Reading Electron's package.json (its version) does not load or download Electron.
  if (spec === 'electron/package.json') return spec;
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node:' : spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return relative(root, resolve(dirname(file), spec)).split(sep)[0]!;
}

function violations(folder: string, allowed: (t: string, file: string) => boolean) {
  const out: string[] = [];
  for (const f of files(join(root, folder))) {
    for (const spec of imports(f)) {
      const t = target(f, spec);
      if (!allowed(t, f)) out.push(`${relative(root, f)} imports '${spec}'`);
    }
  }
  return out;
}

describe('module boundaries', () => {
  it('the renderer never imports main/, db/, services/, preload/ or Node built-ins', () => {
    expect(
      violations('renderer/src', (t) => !['main', 'db', 'services', 'preload', 'cli', 'tests', 'node:', 'electron', 'better-sqlite3'].includes(t)),
    ).toEqual([]);
  });

  it('only main/ and preload/ import electron', () => {
    for (const folder of ['services', 'db', 'domain', 'contract', 'cli', 'renderer/src']) {
      expect(violations(folder, (t) => t !== 'electron'), folder).toEqual([]);
    }
  });

  it('the preload imports only electron and the contract', () => {
    expect(violations('preload', (t) => ['electron', 'contract', 'zod'].includes(t))).toEqual([]);
  });

  it('domain/ and contract/ stay free of Node APIs so the renderer may use them (except *.node.ts and tests)', () => {
    for (const folder of ['domain', 'contract']) {
      expect(
        violations(folder, (t, f) => f.endsWith('.node.ts') || f.endsWith('.test.ts') || !['node:', 'db', 'services', 'main', 'better-sqlite3'].includes(t)),
        folder,
      ).toEqual([]);
    }
  });

  it('the test bridge is not part of the packaged app', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/!tests/);
    // Unit tests beside main/ modules may use the Electron stand-in; they are never bundled.
    for (const f of files(join(root, 'main')).filter((f) => !f.endsWith('.test.ts'))) {
      expect(imports(f).some((s) => s.includes('tests/')), relative(root, f)).toBe(false);
    }
  });
});
