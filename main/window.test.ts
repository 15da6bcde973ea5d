import { describe, expect, it, vi } from 'vitest';
import type { standInOf } from '../tests/main-process/electron-stand-in';
import { createMainWindow, preloadPath } from './window';

vi.mock('electron', async () => (await import('../tests/main-process/electron-stand-in')).electronModuleForTests());
type StandInWindow = ReturnType<typeof standInOf>['windows'][number];

describe('the main window', () => {
  it('locks down its web preferences and loads the app page', () => {
    const win = createMainWindow(
      preloadPath('/app/dist/main'),
      { width: 1440, height: 900, maximized: false },
      '#14181f',
    ) as unknown as StandInWindow;
    expect(win.options).toMatchObject({
      width: 1440,
      height: 900,
      show: false,
      backgroundColor: '#14181f',
      webPreferences: {
        preload: '/app/dist/main/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
      },
    });
    expect(win.options).not.toHaveProperty('x');
    expect(win.webContents.url).toBe('app://osce/index.html');
  });

  it('opens where it was, maximised when it was, and is shown once ready', async () => {
    const win = createMainWindow(
      '/p.cjs',
      { x: 40, y: 50, width: 1200, height: 800, maximized: true },
      '#f5f6f8',
    ) as unknown as StandInWindow;
    expect(win.options).toMatchObject({ x: 40, y: 50, width: 1200, height: 800 });
    expect(win.isMaximized()).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(win.visible).toBe(true);
  });

  it('lowers the minimum size on a screen smaller than it', () => {
    const win = createMainWindow(
      '/p.cjs',
      { width: 900, height: 600, maximized: false },
      '#f5f6f8',
    ) as unknown as StandInWindow;
    expect(win.options).toMatchObject({ minWidth: 900, minHeight: 600 });
  });
});
