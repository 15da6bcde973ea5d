import type { ApiErrorInfo, Envelope } from '../../contract/define';

export type WorkerInbound =
  | { type: 'call'; id: number; name: string; args: unknown }
  | { type: 'shutdown' };

export type WorkerOutbound =
  | { type: 'ready' }
  | { type: 'fatal'; error: ApiErrorInfo }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'closed' };
