import { api } from '../../contract/api';
import type { ApiErrorInfo, Envelope } from '../../contract/define';
import type { EventMap, EventName } from '../../contract/events';
import { isCallName, parseCallArgs, toErrorInfo, UnknownCallError } from '../../contract/validate';
import type { OperationContext } from '../core/context';
import { CancelledError } from '../core/errors';
import { redact, type Logger } from '../core/log';
import type { BackendHandlers } from './handlers';

export type Emit = <E extends EventName>(event: E, payload: EventMap[E]) => void;

const SLOW_CALL_MS = 40;

/**
 * Runs contract calls against the handlers: validates arguments (they arrive as unknown), tracks
 * cancellable operations by the caller's operation id, and turns every outcome into an envelope.
 */
export class Dispatcher {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly handlers: BackendHandlers,
    private readonly emit: Emit,
    private readonly log: Logger,
  ) {}

  async call(name: unknown, rawArgs: unknown): Promise<Envelope<unknown>> {
    const started = performance.now();
    try {
      if (!isCallName(name) || api[name].runsIn !== 'backend') throw new UnknownCallError(String(name));
      const args = parseCallArgs(name, rawArgs);
      if (name === 'cancelOperation') {
        const ctrl = this.running.get(args[0] as string);
        ctrl?.abort();
        return { ok: true, value: { cancelled: Boolean(ctrl) } };
      }
      const op = this.operation(name, api[name].cancellable ? (args[0] as string) : null);
      try {
        const handler = this.handlers[name as keyof BackendHandlers] as (a: unknown, o: OperationContext) => unknown;
        const value = await handler(args, op.context);
        return { ok: true, value };
      } finally {
        op.done();
      }
    } catch (err) {
      const info: ApiErrorInfo = toErrorInfo(err);
      info.message = redact(info.message);
      if (!(err instanceof CancelledError) && info.name !== 'InvalidArguments') {
        this.log.warn('call failed', { call: String(name), error: info.name, message: info.message });
      }
      return { ok: false, error: info };
    } finally {
      const ms = performance.now() - started;
      if (ms > SLOW_CALL_MS) this.log.info('slow call', { call: String(name), ms: Math.round(ms) });
    }
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  private operation(kind: string, operationId: string | null) {
    const ctrl = new AbortController();
    if (operationId) {
      if (this.running.has(operationId)) throw new Error(`Operation ${operationId} is already running.`);
      this.running.set(operationId, ctrl);
    }
    const context: OperationContext = {
      signal: ctrl.signal,
      progress: (p) => {
        if (operationId) this.emit('progress', { operationId, kind, ...p });
      },
    };
    return { context, done: () => operationId && this.running.delete(operationId) };
  }
}
