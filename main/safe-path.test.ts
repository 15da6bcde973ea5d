import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { safeJoin } from './safe-path';

const root = resolve('/srv/app/renderer');

describe('safeJoin', () => {
  it('resolves files inside the root', () => {
    expect(safeJoin(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(safeJoin(root, '/assets/app%20x.js')).toBe(join(root, 'assets', 'app x.js'));
  });
  it('refuses paths that escape the root', () => {
    for (const p of ['/../secret', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '..%2f..%2fetc', '/%00x', '/%E0%A4%A']) {
      expect(safeJoin(root, p), p).toBeNull();
    }
  });
  it('refuses the root itself', () => {
    expect(safeJoin(root, '/')).toBeNull();
  });
});
