import { type z } from 'zod';
import { api, type CallName } from './api';
import type { ApiErrorInfo } from './define';

export class InvalidArgumentsError extends Error {
  override name = 'InvalidArguments';
  constructor(
    readonly call: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `${call}: invalid arguments: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
  }
}

export class UnknownCallError extends Error {
  override name = 'UnknownCall';
  constructor(readonly call: string) {
    super(`Unknown call '${call}'.`);
  }
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/** Validates raw arguments (arriving as unknown from IPC or HTTP) against the call's schema. */
export function parseCallArgs<K extends CallName>(name: K, raw: unknown): z.output<(typeof api)[K]['args']> {
  if (!Array.isArray(raw)) throw new InvalidArgumentsError(name, [{ path: '', message: 'arguments must be an array' }]);
  const result = api[name].args.safeParse(raw);
  if (!result.success) {
    throw new InvalidArgumentsError(
      name,
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return result.data as z.output<(typeof api)[K]['args']>;
}

/** `[0, 'name']` → `name`; `[1, 'steps', 3]` → `arg2.steps[3]`: the first argument is the usual case. */
function formatPath(path: PropertyKey[]): string {
  const [first, ...rest] = path;
  let out = first === 0 || first === undefined ? '' : `arg${Number(first) + 1}`;
  for (const p of rest) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function toErrorInfo(err: unknown): ApiErrorInfo {
  if (err instanceof InvalidArgumentsError) return { name: err.name, message: err.message, issues: err.issues };
  if (err instanceof Error) {
    const issues = (err as { issues?: unknown }).issues;
    return {
      name: err.name && err.name !== 'Error' ? err.name : 'Error',
      message: err.message,
      ...(Array.isArray(issues) ? { issues: issues as ApiErrorInfo['issues'] } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}
