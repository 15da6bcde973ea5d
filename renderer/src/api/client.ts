import type { ArgsOf, CallName, ResultOf } from '../../../contract/api';
import type { OsceBridge } from '../../../contract/bridge';
import type { ApiErrorInfo } from '../../../contract/define';
import type { EventMap, EventName } from '../../../contract/events';

declare global {
  interface Window {
    osce?: OsceBridge;
  }
}

/** A failed call, with the backend's error name so the UI can say something specific. */
export class ApiError extends Error {
  readonly issues: ApiErrorInfo['issues'];
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name;
    this.issues = info.issues;
  }
}

function bridge(): OsceBridge {
  if (!window.osce)
    throw new ApiError({ name: 'NoBridge', message: 'The app bridge is not available: open the app, not the page.' });
  return window.osce;
}

/** Calls one contract function; resolves with its result or throws ApiError. */
export async function callApi<K extends CallName>(name: K, ...args: ArgsOf<K>): Promise<ResultOf<K>> {
  const fn = bridge()[name] as (...a: ArgsOf<K>) => ReturnType<OsceBridge[K]>;
  const envelope = await fn(...args);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value as ResultOf<K>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return bridge().on(event, listener);
}

export function mediaUrl(relativePath: string): string {
  return `${bridge().mediaBaseUrl}/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

export function newOperationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
