// The bridge and nothing else: one function per contract call, plus event subscription.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { callNames } from '../contract/api';
import { BRIDGE_GLOBAL, IPC_CALL_PREFIX, IPC_EVENT_CHANNEL, MEDIA_SCHEME, type OsceBridge } from '../contract/bridge';
import type { EventName } from '../contract/events';

const calls = Object.fromEntries(
  callNames.map((name) => [name, (...args: unknown[]) => ipcRenderer.invoke(IPC_CALL_PREFIX + name, ...args)]),
);

const bridge = {
  ...calls,
  on(event: EventName, listener: (payload: never) => void) {
    const handler = (_e: IpcRendererEvent, message: { event: string; payload: never }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  mediaBaseUrl: `${MEDIA_SCHEME}://media`,
  // Dropped files: the renderer sees only a File; the path is needed to import it in place.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
} as unknown as OsceBridge satisfies OsceBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
