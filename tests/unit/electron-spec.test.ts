import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OsceBridge } from '../../contract/bridge';

const root = resolve(import.meta.dirname, '..', '..');

describe('tests/electron/app.spec.ts (runs only where the Electron binary is installed)', () => {
  it("expects exactly the bridge keys the preload exposes beside the contract's calls", () => {
    const preload = readFileSync(join(root, 'preload', 'preload.ts'), 'utf8');
    const spec = readFileSync(join(root, 'tests', 'electron', 'app.spec.ts'), 'utf8');
    const extras: (keyof OsceBridge)[] = ['mediaBaseUrl', 'on', 'pathForFile'];
    for (const key of extras) expect(preload).toMatch(new RegExp(`\\b${key}\\b`));
    const expected = spec
      .match(/\[\.\.\.callNames, ([^\]]+)\]/)?.[1]
      ?.split(',')
      .map((k) => k.trim().replace(/'/g, ''))
      .sort();
    expect(expected).toEqual([...extras].sort());
  });
});
