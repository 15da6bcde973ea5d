// The built main process with a stand-in for Electron: start-up with a temporary user-data
// folder, IPC registration and who may call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { callNames } from '../../contract/api';
import { buildApp, launchMain, type BuiltApp, type MainProcess } from './harness';

type Envelope = { ok: boolean; value?: Record<string, unknown>; error?: { name: string; message: string } };

let built: BuiltApp;
let main: MainProcess;

beforeAll(async () => {
  built = await buildApp();
  main = await launchMain(built);
  await main.send('ready');
});

afterAll(async () => {
  await main?.send('quit').catch(() => undefined);
  main?.kill();
  built?.remove();
  if (main) rmSync(main.userData, { recursive: true, force: true });
});

describe('main process start-up', () => {
  it('opens the database in the user-data folder and shows the app page from app://osce', async () => {
    expect(existsSync(join(main.userData, 'osce.sqlite'))).toBe(true);
    const s = await main.send<{
      window: { url: string; options: { webPreferences: Record<string, unknown> } };
      sandboxEnabled: boolean;
    }>('snapshot');
    expect(s.window.url).toBe('app://osce/index.html');
    expect(s.sandboxEnabled).toBe(true);
    expect(s.window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('registers exactly one IPC handler per contract call', async () => {
    const s = await main.send<{ ipcChannels: string[] }>('snapshot');
    expect(s.ipcChannels.filter((c) => c.startsWith('osce:call:')).sort()).toEqual(
      callNames.map((n) => `osce:call:${n}`).sort(),
    );
  });
});

describe('who may call the backend', () => {
  it("answers a call from the app's own top frame at app://osce/index.html", async () => {
    const r = await main.send<Envelope>('invoke', { call: 'appInfo', frameUrl: 'app://osce/index.html' });
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, value: { dbPath: join(main.userData, 'osce.sqlite') } });
  });

  it('answers a call from another page of the app (app://osce/#/review)', async () => {
    const r = await main.send<Envelope>('invoke', { call: 'listSessions', frameUrl: 'app://osce/index.html#/review' });
    expect(r).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['another webContents', { from: 'other-webcontents', frameUrl: 'app://osce/index.html' }],
    ['a subframe of the app window', { subframe: true, frameUrl: 'app://osce/index.html' }],
    ['a page from another host of the scheme', { frameUrl: 'app://evil/index.html' }],
    ['a look-alike host', { frameUrl: 'app://osce.evil.example/index.html' }],
    ['credentials before the host', { frameUrl: 'app://osce@evil/index.html' }],
    ['a web page', { frameUrl: 'https://osce/index.html' }],
    ['a file: page', { frameUrl: 'file:///index.html' }],
    ['a data: page', { frameUrl: 'data:text/html,<p>x' }],
    ['an empty URL (a frame that navigated away)', { frameUrl: '' }],
  ])('refuses a call from %s and changes nothing', async (_what, from) => {
    const r = await main.send<Envelope>('invoke', { call: 'createSession', args: [{ name: 'Injected' }], ...from });
    expect(r.ok).toBe(false);
    expect(r.error?.name).toBe('ForbiddenSender');
    const sessions = await main.send<Envelope>('invoke', { call: 'listSessions', frameUrl: 'app://osce/index.html' });
    expect(sessions.value).toEqual([]);
  });

  it('validates the arguments in main before the backend sees them', async () => {
    const r = await main.send<Envelope>('invoke', {
      call: 'createSession',
      args: [{ name: '' }],
      frameUrl: 'app://osce/index.html',
    });
    expect(r).toMatchObject({ ok: false, error: { name: 'InvalidArguments' } });
  });
});

describe('global guards on every webContents and the default session', () => {
  it.each([
    ['will-navigate', 'app://osce/index.html#/reports', false],
    ['will-navigate', 'https://evil.example/', true],
    ['will-navigate', 'file:///etc/passwd', true],
    ['will-navigate', 'app://evil/index.html', true],
    ['will-redirect', 'app://osce/index.html', false],
    ['will-redirect', 'http://127.0.0.1:8080/', true],
    ['will-attach-webview', 'app://osce/index.html', true],
  ])('%s to %s is prevented: %s', async (kind, url, prevented) => {
    expect(await main.send('navigate', { kind, url })).toBe(prevented);
  });

  it('denies every new window and opens only vetted https help links in the system browser', async () => {
    for (const url of [
      'https://cpr.heart.org/en/resources',
      'https://evil.example/',
      'http://cpr.heart.org/',
      'file:///etc/passwd',
      'app://osce/index.html',
    ]) {
      expect(await main.send('openWindow', { url })).toEqual({ action: 'deny' });
    }
    const s = await main.send<{ shell: { call: string; target: string }[] }>('snapshot');
    expect(s.shell).toEqual([{ call: 'openExternal', target: 'https://cpr.heart.org/en/resources' }]);
  });

  it('denies every permission request and check (camera, microphone, notifications, ...)', async () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(await main.send('permission', { permission })).toBe(false);
      expect(await main.send('permissionCheck', { permission })).toBe(false);
    }
  });

  it.each([
    ['app://osce/assets/app.js', false],
    ['osce-media://media/posters/1.jpg', false],
    ['data:image/png;base64,AAAA', false],
    ['blob:app://osce/1234', false],
    ['https://api.openai.com/v1/models', true],
    ['http://127.0.0.1:11434/v1', true],
    ['file:///etc/passwd', true],
    ['ws://evil.example/', true],
  ])('a page request to %s is cancelled: %s', async (url, cancelled) => {
    expect(await main.send('webRequest', { url })).toBe(cancelled);
  });
});
