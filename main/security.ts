import { app, session, shell, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol';

/** Only these external sites may be opened in the user's browser (help links). */
const EXTERNAL_ALLOWLIST = new Set(['https://cpr.heart.org', 'https://www.erc.edu']);

/**
 * True for a page of the app itself: app://osce/... with nothing else in the authority. Compares
 * scheme and host, not `origin`: Node's URL (this is the main process) gives every non-special
 * scheme the origin 'null', so an origin check would refuse the app's own window.
 */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Opens a vetted https link in the system browser; anything else is refused. */
export function openExternalSafely(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || !EXTERNAL_ALLOWLIST.has(u.origin)) return false;
    void shell.openExternal(u.toString());
    return true;
  } catch {
    return false;
  }
}

/**
 * Global guards (Electron security checklist): no webviews, no navigation away from the app,
 * no new windows, every permission request denied, nothing fetched from the network by the UI.
 */
export function installSecurityGuards(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    // Electron 45 passes the URL on the event itself (the separate url argument is deprecated).
    contents.on('will-navigate', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.on('will-redirect', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The UI never talks to the network: only the app's own schemes are allowed.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const scheme = details.url.split(':', 1)[0];
    callback({ cancel: !['app', 'osce-media', 'devtools', 'data', 'blob'].includes(scheme ?? '') });
  });
}
