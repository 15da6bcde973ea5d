import type { z } from 'zod';

/** One call the renderer can make: its argument schema (a tuple) and its result type. */
export interface CallSpec<Args extends z.ZodTuple = z.ZodTuple, Result = unknown> {
  args: Args;
  /** Phantom: carries the result type only. */
  result: Result;
  /** 'backend' calls run in the database worker; 'host' calls need the OS shell (dialogs, keychain). */
  runsIn: 'backend' | 'host';
  /** Calls that can take long accept an operation id and may be cancelled with cancelOperation. */
  cancellable?: boolean;
}

type Spec<Args extends z.ZodTuple, Result, R extends 'backend' | 'host'> = {
  args: Args;
  result: Result;
  runsIn: R;
  cancellable: boolean;
};

/** A call served by the backend worker (database, media, models). */
export function call<Result>() {
  return <Args extends z.ZodTuple>(
    args: Args,
    opts: { cancellable?: boolean } = {},
  ): Spec<Args, Result, 'backend'> => ({
    args,
    result: undefined as unknown as Result,
    runsIn: 'backend',
    cancellable: opts.cancellable ?? false,
  });
}

/** A call served by the host process itself (native dialogs, the OS keychain, the file manager). */
export function hostCall<Result>() {
  return <Args extends z.ZodTuple>(args: Args): Spec<Args, Result, 'host'> => ({
    args,
    result: undefined as unknown as Result,
    runsIn: 'host',
    cancellable: false,
  });
}

/** What crosses the bridge: never a thrown Error (Electron flattens those), always an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

export interface ApiErrorInfo {
  /** A stable name the UI can switch on: InvalidArguments, NotFound, NewerSchemaError, Cancelled... */
  name: string;
  message: string;
  /** Field-level problems, e.g. from argument validation: path and message. */
  issues?: { path: string; message: string }[];
}
