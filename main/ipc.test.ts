import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { callNames } from '../contract/api';
import type { Envelope } from '../contract/define';
import { standInOf } from '../tests/main-process/electron-stand-in';
import { assertAppSender, ForbiddenSenderError, registerIpc } from './ipc';

vi.mock('electron', async () => (await import('../tests/main-process/electron-stand-in')).electronModuleForTests());
const stand = standInOf(electron);

const event = (senderId: number, url: string, subframe = false) => {
  const top = { url, parent: null };
  return { sender: { id: senderId }, senderFrame: subframe ? { url, parent: top } : top } as never;
};

describe('assertAppSender', () => {
  it("passes the app window's top frame on app://osce", () => {
    expect(() => assertAppSender(event(7, 'app://osce/index.html'), () => 7)).not.toThrow();
  });

  it.each([
    ['another webContents', event(8, 'app://osce/index.html')],
    ['a subframe', event(7, 'app://osce/index.html', true)],
    ['another URL', event(7, 'https://evil.example/')],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null } as never],
  ])('refuses %s', (_what, e) => {
    expect(() => assertAppSender(e, () => 7)).toThrow(ForbiddenSenderError);
  });

  it('refuses everything while there is no window', () => {
    expect(() => assertAppSender(event(7, 'app://osce/index.html'), () => null)).toThrow(ForbiddenSenderError);
  });
});

describe('registerIpc', () => {
  const backendCalls: [string, unknown][] = [];
  const observed: [string, boolean][] = [];
  beforeAll(() => {
    registerIpc({
      appWebContentsId: () => 7,
      backend: async (name, args) => (
        backendCalls.push([name, args]),
        { ok: true, value: name === 'getSettings' ? { theme: 'dark' } : [] }
      ),
      host: { takeOpenedFiles: async () => ['/a.osce-bundle'] },
      observe: (name, envelope) => observed.push([name, envelope.ok]),
    });
  });
  const invoke = (name: string, ...args: unknown[]) =>
    stand.record.ipcHandlers.get(`osce:call:${name}`)!(event(7, 'app://osce/index.html'), ...args) as Promise<
      Envelope<unknown>
    >;

  it('registers one handler per contract call', () => {
    expect([...stand.record.ipcHandlers.keys()].sort()).toEqual(callNames.map((n) => `osce:call:${n}`).sort());
  });

  it('forwards backend calls with validated arguments and lets main observe the answer', async () => {
    expect(await invoke('getSettings')).toEqual({ ok: true, value: { theme: 'dark' } });
    expect(backendCalls).toEqual([['getSettings', []]]);
    expect(observed).toEqual([['getSettings', true]]);
  });

  it('runs host calls in main', async () => {
    expect(await invoke('takeOpenedFiles')).toEqual({ ok: true, value: ['/a.osce-bundle'] });
  });

  it('answers a host call this build lacks with a named error, not a crash', async () => {
    expect(await invoke('revealDataFolder')).toMatchObject({
      ok: false,
      error: { message: 'revealDataFolder is not available in this build.' },
    });
  });

  it('refuses bad arguments before the backend sees them', async () => {
    backendCalls.length = 0;
    expect(await invoke('updateSettings', { theme: 'neon' })).toMatchObject({
      ok: false,
      error: { name: 'InvalidArguments' },
    });
    expect(await invoke('listSessions', 'extra')).toMatchObject({ ok: false, error: { name: 'InvalidArguments' } });
    expect(backendCalls).toEqual([]);
  });
});
