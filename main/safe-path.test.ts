import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveExistingInside, safeJoin } from './safe-path';

const root = resolve('/srv/app/renderer');

describe('safeJoin', () => {
  it('resolves files inside the root', () => {
    expect(safeJoin(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(safeJoin(root, '/assets/app%20x.js')).toBe(join(root, 'assets', 'app x.js'));
  });
  it('refuses paths that escape the root', () => {
    for (const p of [
      '/../secret',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '..%2f..%2fetc',
      '/%00x',
      '/%E0%A4%A',
    ]) {
      expect(safeJoin(root, p), p).toBeNull();
    }
  });
  it('refuses the root itself', () => {
    expect(safeJoin(root, '/')).toBeNull();
  });
});

describe('resolveExistingInside', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osce-safe-path-'));
  const library = join(dir, 'library');
  mkdirSync(join(library, 'posters'), { recursive: true });
  writeFileSync(join(library, 'posters', 'a.jpg'), 'poster');
  writeFileSync(join(library, '..notes.txt'), 'a name that starts with two dots');
  writeFileSync(join(dir, 'osce.sqlite'), 'the database');
  symlinkSync(join(dir, 'osce.sqlite'), join(library, 'db-link.jpg'));
  symlinkSync(dir, join(library, 'up'));
  symlinkSync(join(library, 'posters', 'a.jpg'), join(library, 'inner-link.jpg'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the real path of an existing file inside the root', async () => {
    expect(await resolveExistingInside(library, '/posters/a.jpg')).toBe(
      join(realpathSync(library), 'posters', 'a.jpg'),
    );
    expect(await resolveExistingInside(library, '/..notes.txt')).toBe(join(realpathSync(library), '..notes.txt'));
  });

  it('follows a link that stays inside the root', async () => {
    expect(await resolveExistingInside(library, '/inner-link.jpg')).toBe(
      join(realpathSync(library), 'posters', 'a.jpg'),
    );
  });

  it.each([
    '/db-link.jpg',
    '/up/osce.sqlite',
    '/../osce.sqlite',
    '/%2e%2e/osce.sqlite',
    '/posters/%00a.jpg',
    '/missing.jpg',
  ])('refuses %s', async (p) => {
    expect(await resolveExistingInside(library, p)).toBeNull();
  });
});
