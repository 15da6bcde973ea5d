import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

// Which folder may import which (the renderer never reaches main/, db/ or services/; only main/
// and preload/ load Electron; product code never imports tests/; no import cycles) is checked by
// ESLint: see eslint.config.mjs, which `npm test` runs first.
describe('packaging boundaries', () => {
  it('the test bridge is not part of the packaged app', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/!tests/);
  });
});
