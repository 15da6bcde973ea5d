import type { ApiErrorInfo, Envelope } from '../../contract/define';
import type { StoredSecret } from '../core/context';

export type WorkerInbound =
  | { type: 'call'; id: number; name: string; args: unknown }
  /** The host's answer to a 'secret' request: the decrypted value, or why it could not. */
  | { type: 'secret-reply'; id: number; value: string | null; error?: ApiErrorInfo }
  /** The host encrypted a key (OS keychain) and asks the worker to keep the ciphertext; null deletes it. */
  | { type: 'secret-store'; id: number; name: string; stored: StoredSecret | null }
  /** The host's answer to a 'protect' request: the ciphertext, or why it could not encrypt. */
  | { type: 'protect-reply'; id: number; stored: StoredSecret | null; error?: ApiErrorInfo }
  | { type: 'shutdown' };

export type WorkerOutbound =
  /** Started; `restore` is the outcome of the restore it was asked to run first. */
  | { type: 'ready'; restore?: Envelope<unknown> }
  | { type: 'fatal'; error: ApiErrorInfo }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  /** The worker needs a secret: it sends what the database holds, the host decrypts (only it can). */
  | { type: 'secret'; id: number; name: string; stored: StoredSecret | null; origin: string | null }
  | { type: 'secret-stored'; id: number; error: ApiErrorInfo | null }
  /** The worker made this installation's keys and asks the host to encrypt them with the OS keychain. */
  | { type: 'protect'; id: number; plain: string }
  | { type: 'closed' };
