import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

describe('the main process is tested without the Electron binary', () => {
  it('every main/ module has a unit test beside it (main.ts runs whole in tests/main-process)', () => {
    const modules = readdirSync(join(root, 'main')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const untested = modules.filter(
      (f) => f !== 'main.ts' && !existsSync(join(root, 'main', f.replace(/\.ts$/, '.test.ts'))),
    );
    expect(untested).toEqual([]);
    expect(
      readdirSync(join(root, 'tests', 'main-process')).filter((f) => f.endsWith('.test.ts')).length,
    ).toBeGreaterThan(0);
  });
});
