import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
/** Everything that ships or runs as the product; db/ is the one place SQL may live. */
const PRODUCT = ['services', 'cli', 'main', 'preload', 'renderer/src', 'contract', 'domain'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const RULES: [string, RegExp][] = [
  ['prepares a statement', /\.prepare\(/],
  ['runs SQL with exec', /\.exec\(\s*[`'"]/],
  ['sets a pragma', /\.pragma\(/],
  ['opens SQLite itself', /from ['"]better-sqlite3['"]/],
  [
    'holds an SQL statement',
    /[`'"]\s*(SELECT\s[\s\S]{0,400}?\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)\s)/,
  ],
];

describe('data access', () => {
  it('SQL lives only in db/ (its queries modules, migrations and file helpers), never in services, the CLI or the app', () => {
    const found: string[] = [];
    for (const folder of PRODUCT) {
      for (const file of sources(join(root, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const [what, pattern] of RULES) if (pattern.test(text)) found.push(`${relative(root, file)} ${what}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the check itself notices SQL', () => {
    const sample = "const rows = db.prepare('SELECT id FROM recordings WHERE sha256 = ?').all();";
    expect(RULES.filter(([, p]) => p.test(sample)).map(([what]) => what)).toEqual([
      'prepares a statement',
      'holds an SQL statement',
    ]);
  });
});
