import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePathsFromArgs, OpenedFiles } from './opened-files';

const dir = mkdtempSync(join(tmpdir(), 'osce-opened-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  return path;
};

describe('bundlePathsFromArgs', () => {
  it('keeps .osce-bundle arguments (any case), made absolute against the working directory', () => {
    expect(
      bundlePathsFromArgs(
        ['.', '--db', 'x.sqlite', '--flag=a.osce-bundle', 'day 1.OSCE-BUNDLE', '/abs/b.osce-bundle', 'notes.txt'],
        '/home/lab',
      ),
    ).toEqual(['/home/lab/day 1.OSCE-BUNDLE', '/abs/b.osce-bundle']);
  });
});

describe('OpenedFiles', () => {
  it('hands each existing file over once, in order, without duplicates', () => {
    const q = new OpenedFiles();
    const a = file('a.osce-bundle');
    const b = file('b.osce-bundle');
    expect(q.add([a, b, a])).toBe(true);
    expect(q.add([a])).toBe(false);
    expect(q.take()).toEqual([a, b]);
    expect(q.take()).toEqual([]);
  });

  it('ignores missing files and folders', () => {
    const q = new OpenedFiles();
    mkdirSync(join(dir, 'folder.osce-bundle'));
    expect(q.add([join(dir, 'gone.osce-bundle'), join(dir, 'folder.osce-bundle')])).toBe(false);
    expect(q.take()).toEqual([]);
  });

  it('keeps at most 20 waiting', () => {
    const q = new OpenedFiles();
    q.add(Array.from({ length: 30 }, (_, i) => file(`many-${i}.osce-bundle`)));
    expect(q.take()).toHaveLength(20);
  });
});
