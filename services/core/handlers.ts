import type { z } from 'zod';
import type { CallSpec } from '../../contract/define';
import type { OperationContext } from './context';

/** A slice's backend calls; cancelOperation is answered by the dispatcher itself, never by a handler. */
type BackendCallOf<Calls extends Record<string, CallSpec>> = {
  [K in keyof Calls]: Calls[K]['runsIn'] extends 'backend' ? (K extends 'cancelOperation' ? never : K) : never;
}[keyof Calls];

/**
 * The handlers of a slice of the contract (one feature's calls, or all of `api`), derived from it:
 * each backend call gets its arguments as its schema parsed them and the operation's context, and
 * returns the result type the contract declares.
 */
export type HandlersFor<Calls extends Record<string, CallSpec>> = {
  [K in BackendCallOf<Calls>]: (
    args: z.output<Calls[K]['args']>,
    op: OperationContext,
  ) => Promise<Calls[K]['result']> | Calls[K]['result'];
};
