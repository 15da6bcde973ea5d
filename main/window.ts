import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './protocol';
import { MIN_SIZE, type Placement } from './window-state';

/** The main window, placed where it was last time (main/window-state.ts), with every web preference locked down. */
export function createMainWindow(preloadFile: string, place: Placement, backgroundColor: string): BrowserWindow {
  const win = new BrowserWindow({
    ...(place.x !== undefined && place.y !== undefined ? { x: place.x, y: place.y } : {}),
    width: place.width,
    height: place.height,
    minWidth: Math.min(MIN_SIZE.width, place.width),
    minHeight: Math.min(MIN_SIZE.height, place.height),
    show: false,
    title: 'OSCE Scoring Assistant',
    backgroundColor,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  // Maximised before it is shown, so the restored bounds stay its normal (unmaximised) size.
  if (place.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export const preloadPath = (distMainDir: string) => join(distMainDir, 'preload.cjs');
