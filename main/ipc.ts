import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { api, callNames, type CallName } from '../contract/api';
import { IPC_CALL_PREFIX } from '../contract/bridge';
import type { Envelope } from '../contract/define';
import { parseCallArgs, toErrorInfo } from '../contract/validate';
import { isAppUrl } from './security';

export type HostHandlers = Partial<Record<CallName, (args: unknown[]) => Promise<unknown> | unknown>>;

export class ForbiddenSenderError extends Error {
  override name = 'ForbiddenSender';
  constructor(url: string) {
    super(`Call refused: it came from ${url || 'an unknown frame'}, not from the app's own page.`);
  }
}

/** Only the top frame of our own page, loaded from app://osce, may call the backend. */
export function assertAppSender(event: IpcMainInvokeEvent, appWebContentsId: () => number | null): void {
  const frame = event.senderFrame;
  const url = frame?.url ?? '';
  if (!frame || frame.parent !== null || event.sender.id !== appWebContentsId() || !isAppUrl(url)) {
    throw new ForbiddenSenderError(url);
  }
}

/**
 * Registers every call of the contract with ipcMain.handle. Arguments are validated here before
 * anything else sees them; backend calls are then forwarded to the database worker.
 */
export function registerIpc(opts: {
  appWebContentsId: () => number | null;
  backend: (name: string, args: unknown) => Promise<Envelope<unknown>>;
  host: HostHandlers;
  /** Sees each backend answer on its way to the page (main applies the theme from settings). */
  observe?: (name: CallName, envelope: Envelope<unknown>) => void;
}): void {
  for (const name of callNames) {
    ipcMain.handle(IPC_CALL_PREFIX + name, async (event, ...raw: unknown[]): Promise<Envelope<unknown>> => {
      try {
        assertAppSender(event, opts.appWebContentsId);
        const args = parseCallArgs(name, raw) as unknown[];
        if (api[name].runsIn === 'host') {
          const handler = opts.host[name];
          if (!handler) throw new Error(`${name} is not available in this build.`);
          return { ok: true, value: await handler(args) };
        }
        const envelope = await opts.backend(name, args);
        opts.observe?.(name, envelope);
        return envelope;
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    });
  }
}
