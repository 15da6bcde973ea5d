import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standInOf } from '../tests/main-process/electron-stand-in';
import { CONTENT_SECURITY_POLICY, registerSchemes, serveMedia, serveRenderer } from './protocol';

vi.mock('electron', async () => (await import('../tests/main-process/electron-stand-in')).electronModuleForTests());
const stand = standInOf(electron);
const dir = mkdtempSync(join(tmpdir(), 'osce-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('schemes', () => {
  it('registers app: and osce-media: as standard, secure schemes before ready (media may stream)', () => {
    registerSchemes();
    expect(stand.record.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 'osce-media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
    ]);
  });
});

describe('handlers', () => {
  const files: Record<string, { path: string; contentType?: string }> = {};
  beforeAll(() => {
    stand.electron.app.markReady();
    writeFileSync(join(dir, 'index.html'), '<title>x</title>');
    writeFileSync(join(dir, 'clip.mov'), 'movie');
    files['/recording/1/original'] = { path: join(dir, 'clip.mov'), contentType: 'video/mp4' };
    files['/folder'] = { path: dir };
    serveRenderer(dir);
    serveMedia(async (p) => files[p] ?? null);
  });
  const get = (url: string) => stand.record.protocolHandlers.get(url.split(':')[0]!)!(new Request(url));

  it('serves the page with a strict CSP, nosniff and no caching', async () => {
    const res = await get('app://osce/index.html');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('plays a .mov as the content type the backend gives, and refuses a folder', async () => {
    const res = await get('osce-media://media/recording/1/original');
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'video/mp4', 'movie']);
    expect((await get('osce-media://media/folder')).status).toBe(404);
    expect((await get('osce-media://media/unknown')).status).toBe(404);
  });
});
