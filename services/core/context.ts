import type { Db } from '../../db/connection';
import type { DataChangedEvent, ProgressItem } from '../../contract/events';
import type { Logger } from './log';
import type { KeyObject } from 'node:crypto';
import type { IntegrityCheckState, MediaToolInfo, ToolPathValues } from '../../contract/system';

/** Everything a service needs, built once per process (app worker, CLI, test bridge). */
export interface ServiceContext {
  db: Db;
  dbPath: string;
  dataDir: string;
  libraryDir: string;
  cacheDir: string;
  appVersion: string;
  log: Logger;
  /** Set only in a packaged app: where asar-unpacked resources (bundled ffmpeg) live. */
  packagedResourcesDir?: string;
  /** ffmpeg and ffprobe, found once (services/media/media-tools.ts). */
  media: MediaTools;
  /** Where this user's ffmpeg/ffprobe paths are kept: never in the exam database (services/media/tool-settings.ts). */
  toolPaths: ToolPathStore;
  /** Set only in the app's backend worker: what the host process lends it (see HostLink). */
  hostLink?: HostLink;
  /** This installation's signing key and audit anchor secret; null when this process cannot open them. */
  keys: InstallationKeys | null;
  /** Why `keys` is null (the keychain of the desktop app); the database is then read-only here. */
  keysLocked: string | null;
  /** The full integrity check: at open, or the app's background check (services/backend/background-check.ts). */
  integrityCheck?: IntegrityCheckState;
}

/** The ffmpeg and ffprobe executables to run. */
export interface MediaBinaries {
  ffmpeg: string;
  ffprobe: string;
}

/** The one media entry point of a context: the binaries, found once, and how they were found. */
export interface MediaTools {
  /** Throws MediaBinaryNotFoundError naming every place looked in. */
  binaries(): MediaBinaries;
  /** Where each was found and its version, or what is wrong with it (system check, `osce doctor`). */
  status(): Promise<{ ffmpeg: MediaToolInfo; ffprobe: MediaToolInfo }>;
}

/**
 * This user's ffmpeg and ffprobe paths. The app keeps them in a file in its user-data folder that
 * only a Settings change writes; the command line takes them from OSCE_FFMPEG / OSCE_FFPROBE.
 */
export interface ToolPathStore {
  readonly kind: 'user-file' | 'command-line' | 'memory';
  /** The paths in use (each checked again before it is run). */
  current(): ToolPathValues;
  /** Paths moved out of an exam database, unused until the user confirms them. */
  pending(): ToolPathValues;
  /** Saves confirmed paths (a saved tool's pending path is dropped); the command line refuses. */
  save(patch: Partial<ToolPathValues>): void;
  /** Keeps paths found in an exam database as pending. */
  addPending(patch: Partial<ToolPathValues>): void;
}

/** This installation's secrets (services/integrity/keys.ts keeps them). */
export interface InstallationKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte Ed25519 public key, base64: what bundles carry. */
  publicKeyB64: string;
  /** SHA-256 of the raw public key, hex: how a signer is named and trusted. */
  fingerprint: string;
  anchorSecret: Buffer;
  /** Where the secrets are kept, for messages and `osce doctor`. */
  protection: 'file' | 'keychain';
  /** Made by this process just now (a first start): nothing can have been anchored before. */
  created: boolean;
}

/** A secret as the database keeps it: ciphertext (base64) and the keychain backend that made it. */
export interface StoredSecret {
  ciphertext: string;
  backend: string;
}

/**
 * The host process's services the backend worker cannot have itself: the OS keychain (only the
 * Electron main process can decrypt a stored key) and events outside any call. Absent in the CLI.
 */
export interface HostLink {
  /**
   * The plain secret for a stored ciphertext, decrypted by the host; null when it has none. For a
   * provider's API key, `origin` is where it is about to be sent: the host refuses any other than
   * the one the key was saved for.
   */
  revealSecret(name: string, stored: StoredSecret | null, origin?: string): Promise<string | null>;
  /** Encrypts a secret with the OS keychain (safeStorage in main); rejects when there is none. */
  protectSecret?(plain: string): Promise<StoredSecret>;
  /** Tells the UI a list changed without a call of its own (a resumed job's runs). */
  dataChanged(what: DataChangedEvent['what']): void;
}

/** Per-call context for long operations: cancellation and progress. */
export interface OperationContext {
  signal: AbortSignal;
  progress(p: {
    done: number;
    total: number;
    current?: string;
    etaS?: number;
    message?: string;
    item?: ProgressItem;
  }): void;
}

export const noopOperation: OperationContext = { signal: new AbortController().signal, progress() {} };
