// The app:// and osce-media:// handlers of the built main process: files served, escapes refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, launchMain, type BuiltApp, type MainProcess } from './harness';

type Served = { status: number; contentType: string; csp: string | null; text: string | null; bytes: number };

let built: BuiltApp;
let main: MainProcess;

beforeAll(async () => {
  built = await buildApp();
  main = await launchMain(built);
  await main.send('ready');
  const library = join(main.userData, 'library');
  mkdirSync(join(library, 'posters'), { recursive: true });
  writeFileSync(join(library, 'posters', '1.jpg'), 'poster bytes');
  writeFileSync(join(main.userData, 'secret.txt'), 'outside the library');
  symlinkSync(join(main.userData, 'secret.txt'), join(library, 'posters', 'link.jpg'));
  symlinkSync(join(main.userData, 'osce.sqlite'), join(library, 'db.mp4'));
  symlinkSync(join(built.dir, 'main', 'main.cjs'), join(built.rendererDir, 'assets', 'main-link.js'));
});

afterAll(async () => {
  await main?.send('quit').catch(() => undefined);
  main?.kill();
  built?.remove();
  if (main) rmSync(main.userData, { recursive: true, force: true });
});

const fetchUrl = (url: string) => main.send<Served>('fetch', { url });

describe('app://osce serves the renderer build', () => {
  it('serves the page with the Content-Security-Policy header', async () => {
    const r = await fetchUrl('app://osce/index.html');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>OSCE</title>');
    expect(r.csp).toContain("default-src 'none'");
    expect(r.csp).toContain("script-src 'self'");
  });

  it('serves index.html for the bare origin and the page scripts', async () => {
    expect((await fetchUrl('app://osce/')).text).toContain('<title>OSCE</title>');
    expect(await fetchUrl('app://osce/assets/app.js')).toMatchObject({ status: 200, text: 'console.log("app")' });
  });

  it.each([
    ['an encoded ../ to the main bundle', 'app://osce/..%2Fmain%2Fmain.cjs'],
    ['a double-encoded ../', 'app://osce/%252e%252e/main/main.cjs'],
    ['an encoded absolute path', 'app://osce/%2Fetc%2Fpasswd'],
    ['a NUL byte', 'app://osce/index.html%00.js'],
    ['a link in the renderer folder that points outside it', 'app://osce/assets/main-link.js'],
    ['another host', 'app://other/index.html'],
    ['a missing file', 'app://osce/nothing.js'],
  ])('refuses %s with 404', async (_what, url) => {
    const r = await fetchUrl(url);
    expect(r.status).toBe(404);
    expect(r.text).toBe('Not found');
  });
});

describe('osce-media://media serves files of the library only', () => {
  it('serves a poster from the library', async () => {
    expect(await fetchUrl('osce-media://media/posters/1.jpg')).toMatchObject({
      status: 200,
      bytes: 'poster bytes'.length,
    });
  });

  it.each([
    ['../ to the database', 'osce-media://media/../osce.sqlite'],
    ['an encoded ../ to the database', 'osce-media://media/..%2Fosce.sqlite'],
    ['an encoded ../ in a subfolder', 'osce-media://media/posters/%2e%2e%2f%2e%2e%2fosce.sqlite'],
    ['a NUL byte', 'osce-media://media/posters/1.jpg%00.mp4'],
    ['an encoded absolute path', 'osce-media://media/%2Fetc%2Fpasswd'],
    ['an absolute path after the host', 'osce-media://media//etc/passwd'],
    ['a link inside the library that points outside it', 'osce-media://media/posters/link.jpg'],
    ['a link inside the library to the database', 'osce-media://media/db.mp4'],
    ['a recording that does not exist', 'osce-media://media/recording/99/original'],
  ])('refuses %s', async (_what, url) => {
    const r = await fetchUrl(url);
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('outside the library');
  });
});
