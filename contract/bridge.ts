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
