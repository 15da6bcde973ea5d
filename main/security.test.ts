import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { standInOf } from '../tests/main-process/electron-stand-in';
import { installSecurityGuards, isAppUrl, openExternalSafely } from './security';

vi.mock('electron', async () => (await import('../tests/main-process/electron-stand-in')).electronModuleForTests());
const stand = standInOf(electron);

describe('isAppUrl', () => {
  it.each(['app://osce/index.html', 'app://osce/', 'app://osce/index.html#/review?x=1', 'app://osce/assets/a.js'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    'app://osce.evil/index.html',
    'app://evil/index.html',
    'app://user@osce/index.html',
    'app://osce:8080/index.html',
    'https://osce/index.html',
    'osce-media://osce/x',
    'app:osce/index.html',
    'file:///app/osce/index.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('openExternalSafely', () => {
  it('opens only https links on the allow-list', () => {
    expect(openExternalSafely('https://www.erc.edu/guidelines')).toBe(true);
    for (const url of [
      'http://www.erc.edu/',
      'https://www.erc.edu.evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://evil.example/',
    ]) {
      expect(openExternalSafely(url), url).toBe(false);
    }
    expect(stand.record.shell).toEqual([{ call: 'openExternal', target: 'https://www.erc.edu/guidelines' }]);
  });
});

describe('installSecurityGuards', () => {
  beforeAll(() => installSecurityGuards());

  it('guards every webContents created after it: navigation, redirects, webviews and new windows', () => {
    const wc = stand.newWebContents();
    const nav = (kind: string, url: string) => {
      const e = stand.electronEvent({ url });
      wc.emit(kind, e, url);
      return e.defaultPrevented;
    };
    expect(nav('will-navigate', 'app://osce/index.html')).toBe(false);
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-redirect', 'https://evil.example/')).toBe(true);
    expect(nav('will-attach-webview', 'app://osce/index.html')).toBe(true);
    expect(wc.windowOpenHandler?.({ url: 'app://osce/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies permissions and cancels requests to anything but the app schemes', async () => {
    const granted = await new Promise((r) =>
      stand.record.permissionRequestHandler!(null, 'media', r as (ok: boolean) => void, {}),
    );
    expect(granted).toBe(false);
    expect(stand.record.permissionCheckHandler!()).toBe(false);
    expect(stand.record.devicePermissionHandler!()).toBe(false);
    const cancel = (url: string) => new Promise((r) => stand.record.beforeRequest!({ url }, (res) => r(res.cancel)));
    expect(await cancel('app://osce/index.html')).toBe(false);
    expect(await cancel('https://api.example/v1')).toBe(true);
  });
});
