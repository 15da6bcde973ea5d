/**
 * This installation's secrets, kept outside the database: an Ed25519 key that signs exam bundles
 * and a random secret that authenticates the audit anchor. One small file beside the database
 * (`<db>.keys.json`, mode 0600) holds them. In the desktop app its content is encrypted with the
 * OS keychain (Electron safeStorage, through the host: the worker never touches the keychain);
 * the CLI, which has no keychain, keeps them in the 0600 file itself. A file the keychain
 * protects cannot be opened by the CLI: there the database can be read but not changed.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { z } from 'zod';
import type { InstallationKeys, StoredSecret } from '../core/context';

export type { InstallationKeys };

/** The OS keychain as the host lends it (Electron main): encrypt and decrypt short strings. */
export interface SecretProtector {
  protect(plain: string): Promise<StoredSecret>;
  reveal(stored: StoredSecret): Promise<string>;
}

/** The keys exist but this process cannot open them (the keychain belongs to the desktop app). */
export class InstallationKeysLockedError extends Error {
  override name = 'InstallationKeysLocked';
}

class InstallationKeysFileError extends Error {
  override name = 'InstallationKeysFileError';
}

export const keyFilePath = (dbPath: string) => `${dbPath}.keys.json`;

const Secrets = z
  .object({ signing: z.string().min(40).max(200), anchor: z.string().length(44), created_at: z.string().max(40) })
  .strict();
const KeyFile = z.discriminatedUnion('protection', [
  z
    .object({
      format: z.literal('osce-installation-keys'),
      version: z.literal(1),
      protection: z.literal('file'),
      secrets: Secrets,
    })
    .strict(),
  z
    .object({
      format: z.literal('osce-installation-keys'),
      version: z.literal(1),
      protection: z.literal('keychain'),
      backend: z.string().max(40),
      ciphertext: z.string().min(1).max(10_000),
    })
    .strict(),
]);
type KeyFile = z.infer<typeof KeyFile>;

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(SPKI_ED25519_PREFIX.length);
}

export function publicKeyFromRaw(b64: string): KeyObject {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== b64)
    throw new RangeError('not a 32-byte Ed25519 public key in base64');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

export const fingerprintOf = (publicKeyB64: string) =>
  createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex');

function fromSecrets(
  s: z.infer<typeof Secrets>,
  protection: InstallationKeys['protection'],
  created: boolean,
): InstallationKeys {
  const privateKey = createPrivateKey({ key: Buffer.from(s.signing, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new InstallationKeysFileError('the signing key in the key file is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const publicKeyB64 = rawPublicKey(publicKey).toString('base64');
  return {
    privateKey,
    publicKey,
    publicKeyB64,
    fingerprint: fingerprintOf(publicKeyB64),
    anchorSecret: Buffer.from(s.anchor, 'base64'),
    protection,
    created,
  };
}

function newSecrets(): z.infer<typeof Secrets> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    signing: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    anchor: randomBytes(32).toString('base64'),
    created_at: new Date().toISOString(),
  };
}

function readKeyFile(file: string): KeyFile {
  const info = statSync(file);
  if (!info.isFile() || info.size > 20_000) throw new InstallationKeysFileError(`${file} is not this app's key file`);
  // Someone widened the permissions: narrow them again before trusting the content.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) chmodSync(file, 0o600);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new InstallationKeysFileError(
      `${file} is damaged (not JSON); restore it from where you keep it, or move it away to start a new installation identity`,
    );
  }
  const r = KeyFile.safeParse(parsed);
  if (!r.success) throw new InstallationKeysFileError(`${file} is damaged or not this app's key file`);
  return r.data;
}

/** Writes a new key file (never over an existing one), 0600, flushed. */
function writeNewKeyFile(file: string, content: KeyFile): void {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const fd = openSync(partial, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(content, null, 2) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw err;
  }
  closeSync(fd);
  if (existsSync(file)) {
    rmSync(partial, { force: true });
    throw new InstallationKeysFileError(`${file} appeared while it was being created; start again`);
  }
  renameSync(partial, file);
}

/** The CLI's keys: the 0600 file, created on first use; a keychain-protected file is locked here. */
export function loadFileKeys(dbPath: string): InstallationKeys {
  const file = keyFilePath(dbPath);
  const created = !existsSync(file);
  if (created)
    writeNewKeyFile(file, { format: 'osce-installation-keys', version: 1, protection: 'file', secrets: newSecrets() });
  const content = readKeyFile(file);
  if (content.protection === 'keychain') {
    throw new InstallationKeysLockedError(
      `This database's signing key and audit anchor secret are kept in the desktop app's OS keychain (${file}); ` +
        'the command line can read this database but not change it. Use the desktop app, or work on a copy.',
    );
  }
  return fromSecrets(content.secrets, 'file', created);
}

/** The CLI's keys when the key file exists and this process can open it; null otherwise (nothing is created). */
export function fileKeysIfPresent(dbPath: string): InstallationKeys | null {
  if (!existsSync(keyFilePath(dbPath))) return null;
  try {
    return loadFileKeys(dbPath);
  } catch (err) {
    if (err instanceof InstallationKeysLockedError) return null;
    throw err;
  }
}

/**
 * The app's keys: decrypted through the host's keychain. On first use they are created and
 * encrypted with it; when the host offers no keychain they are kept like the CLI's (0600 file).
 */
export async function loadProtectedKeys(dbPath: string, protector: SecretProtector | null): Promise<InstallationKeys> {
  const file = keyFilePath(dbPath);
  const created = !existsSync(file);
  if (created) {
    const secrets = newSecrets();
    let stored: StoredSecret | null = null;
    if (protector) {
      try {
        stored = await protector.protect(JSON.stringify(secrets));
      } catch {
        stored = null; // No usable keychain: the 0600 file below, as on the command line.
      }
    }
    writeNewKeyFile(
      file,
      stored
        ? {
            format: 'osce-installation-keys',
            version: 1,
            protection: 'keychain',
            backend: stored.backend,
            ciphertext: stored.ciphertext,
          }
        : { format: 'osce-installation-keys', version: 1, protection: 'file', secrets },
    );
  }
  const content = readKeyFile(file);
  if (content.protection === 'file') return fromSecrets(content.secrets, 'file', created);
  if (!protector)
    throw new InstallationKeysLockedError(
      `The keys in ${file} are kept in the OS keychain, which this process cannot use.`,
    );
  let plain: string;
  try {
    plain = await protector.reveal({ ciphertext: content.ciphertext, backend: content.backend });
  } catch (err) {
    throw new InstallationKeysLockedError(
      `The OS keychain did not open this installation's keys (${(err as Error).message}).`,
    );
  }
  const r = Secrets.safeParse(JSON.parse(plain));
  if (!r.success) throw new InstallationKeysFileError(`${file} decrypts to something that is not this app's keys`);
  return fromSecrets(r.data, 'keychain', created);
}
