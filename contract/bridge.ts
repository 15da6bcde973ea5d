import type { Api, CallName, ArgsOf, ResultOf } from './api';
import type { Envelope } from './define';
import type { EventMap, EventName } from './events';

/**
 * What the preload (or the test bridge) puts on `window.osce`: one function per contract call,
 * each resolving to an envelope, plus an event subscription. Nothing else, never ipcRenderer.
 */
export type OsceBridge = {
  [K in CallName]: (...args: ArgsOf<K>) => Promise<Envelope<ResultOf<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Base URL under which recordings' media (video, posters) are served. */
  mediaBaseUrl: string;
  /** The absolute path of a file dropped on the page (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: File): string;
};

export type { Api };
export const BRIDGE_GLOBAL = 'osce';
export const IPC_CALL_PREFIX = 'osce:call:';
export const IPC_EVENT_CHANNEL = 'osce:event';
/** The scheme main serves recordings' media under (the preload's mediaBaseUrl). */
export const MEDIA_SCHEME = 'osce-media';

/**
 * The page's Content-Security-Policy, defined once: main's app:// header, the page's own meta tag
 * (built into index.html) and the test bridge's header. Nothing inline, nothing remote; media and
 * posters also from the media scheme where the host serves them there.
 */
export function contentSecurityPolicy(opts: { mediaScheme: string | null; meta?: boolean }): string {
  const media = opts.mediaScheme ? ` ${opts.mediaScheme}:` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // A meta tag cannot carry frame-ancestors (browsers ignore it there, with a warning).
    ...(opts.meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
