import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaResolver } from './media-resolver';

describe('media URL resolver', () => {
  const calls: unknown[] = [];
  const resolve = mediaResolver('/data/library', async (name, args) => {
    calls.push([name, args]);
    return { ok: true, value: { path: '/exams/referenced clip.mov', contentType: 'video/mp4' } };
  });

  it('asks the backend for a recording by id and kind, never taking a path from the URL', async () => {
    expect(await resolve('/recording/12/original')).toEqual({
      path: '/exams/referenced clip.mov',
      contentType: 'video/mp4',
    });
    expect(calls).toEqual([['recordingMediaFile', [{ recordingId: 12, kind: 'original' }]]]);
  });

  it.each([
    '/recording/0/original',
    '/recording/12/thumbnail',
    '/recording/12/original/x',
    '/recording/-1/proxy',
    '/recording/1e3/poster',
  ])('%s is not a recording URL (so it can only mean a file inside the library)', async (path) => {
    calls.length = 0;
    const file = await resolve(path);
    expect(calls).toEqual([]);
    expect(file === null || file.path.startsWith('/data/library/')).toBe(true);
  });

  it.each(['/../osce.sqlite', '/%2e%2e/osce.sqlite', '/ab/%00x.mp4', '/recording/1/../../../etc/passwd'])(
    'refuses %s',
    async (path) => {
      const file = await resolve(path);
      expect(file === null || file.path.startsWith('/data/library/')).toBe(true);
      expect(file?.path ?? '').not.toMatch(/osce\.sqlite|passwd/);
    },
  );

  it('serves nothing when the backend has no such recording', async () => {
    const none = mediaResolver('/data/library', async () => ({
      ok: false,
      error: { name: 'NotFound', message: 'Recording 9 was not found.' },
    }));
    expect(await none('/recording/9/proxy')).toBeNull();
  });
});

describe('media URL resolver on a real library folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osce-media-resolver-'));
  const library = join(dir, 'library');
  mkdirSync(join(library, 'posters'), { recursive: true });
  writeFileSync(join(library, 'posters', '1.jpg'), 'jpeg');
  writeFileSync(join(dir, 'osce.sqlite'), 'the database');
  symlinkSync(join(dir, 'osce.sqlite'), join(library, 'posters', 'evil.jpg'));
  const resolve = mediaResolver(library, async () => ({ ok: false, error: { name: 'NotFound', message: 'none' } }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a poster inside the library', async () => {
    expect(await resolve('/posters/1.jpg')).toEqual({ path: join(realpathSync(library), 'posters', '1.jpg') });
  });

  it('refuses a link inside the library that points at the database', async () => {
    expect(await resolve('/posters/evil.jpg')).toBeNull();
  });
});
