/**
 * The recordings library beside the database. Copies are content-addressed, so the same bytes
 * always land on the same name and a copy can never overwrite a different recording:
 *   library/ab/<sha256>.<ext>           copied originals
 *   library/posters/ab/<sha256>.jpg     poster thumbnails
 *   library/proxies/ab/<sha256>.mp4     playable H.264 proxies
 * Everything is written under a hidden temporary name in the same folder and renamed into place,
 * so a crash or cancel never leaves a file that looks finished.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, join, sep } from 'node:path';
import { CancelledError, mapFsError } from '../media/errors';
import { HashJobError, mapHashError, runHashJob } from '../media';
import { FileChangedDuringImportError } from './errors';
import { VIDEO_EXTENSIONS } from './scan';

const SHA256 = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.incoming-';
/** Temporary files older than this belong to a process that crashed; a live import renames sooner. */
const STALE_TEMP_MS = 6 * 60 * 60 * 1000;

function shard(sha256: string): string {
  // The hash becomes a path; anything else could walk out of the library.
  if (!SHA256.test(sha256)) throw new RangeError(`Not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
  return sha256.slice(0, 2);
}

/** Extensions a file in the library may have; anything else never becomes part of a path. */
const COPY_EXTENSIONS: ReadonlySet<string> = new Set([...VIDEO_EXTENSIONS, 'video']);

class LibraryPathError extends Error {
  override name = 'LibraryPathError';
}

/** A known extension for the stored copy: the original's, else one the container implies. */
export function storedExtension(originalPath: string, container: string): string {
  const ext = extname(originalPath).slice(1).toLowerCase();
  if (COPY_EXTENSIONS.has(ext)) return ext;
  const parts = container.split(',');
  if (parts.includes('mp4') || parts.includes('mov')) return 'mp4';
  if (parts.includes('webm')) return 'webm';
  if (parts.includes('matroska')) return 'mkv';
  if (parts.includes('avi')) return 'avi';
  return 'video';
}

export function copyRelPath(sha256: string, ext: string): string {
  if (!COPY_EXTENSIONS.has(ext))
    throw new LibraryPathError(`'${ext.slice(0, 20)}' is not an extension a recording in the library may have`);
  return `${shard(sha256)}/${sha256}.${ext}`;
}
export function posterRelPath(sha256: string): string {
  return `posters/${shard(sha256)}/${sha256}.jpg`;
}
export function proxyRelPath(sha256: string): string {
  return `proxies/${shard(sha256)}/${sha256}.mp4`;
}

/**
 * The one way to name a file written into the library: derived only from a validated hash and an
 * allow-listed extension, its folder created, and the folder's real path (symlinks resolved)
 * proven to be inside the library's real path. Every writer (import, bundle merge, proxies,
 * posters, demo) gets its destination here.
 */
export function libraryPath(
  libraryDir: string,
  kind: 'copy' | 'poster' | 'proxy',
  sha256: string,
  ext = 'mp4',
): { abs: string; rel: string } {
  const rel =
    kind === 'copy' ? copyRelPath(sha256, ext) : kind === 'poster' ? posterRelPath(sha256) : proxyRelPath(sha256);
  mkdirSync(libraryDir, { recursive: true });
  const root = realpathSync(libraryDir);
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  const folder = realpathSync(dirname(abs));
  if (folder !== root && !folder.startsWith(root + sep)) {
    throw new LibraryPathError(`${dirname(abs)} leads outside the library (${root}); nothing was written`);
  }
  return { abs: join(folder, basename(abs)), rel };
}

/** A temp name in the library root: same file system as the final place, so the rename is atomic. */
export function incomingTempPath(libraryDir: string, ext: string): string {
  return join(libraryDir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}.${ext}`);
}

function sameFile(before: Stats, after: Stats): boolean {
  return before.size === after.size && before.mtimeMs === after.mtimeMs;
}

/** Throws when the file's size or modification time moved since `before`. */
export async function assertUnchanged(path: string, before: Stats): Promise<void> {
  let after: Stats;
  try {
    after = await stat(path);
  } catch (error) {
    throw mapFsError(error, path);
  }
  if (!sameFile(before, after)) throw new FileChangedDuringImportError(path);
}

export interface CopyOptions {
  signal?: AbortSignal;
  onBytes?: (bytesDone: number) => void;
}

/**
 * Copies `source` to `dest` (which must not exist) and hashes the very bytes it copies, in one
 * read: the stored copy is exactly what the hash names, even if the source is being changed.
 * The copy is flushed to disk before returning, because a database row will point at it.
 */
export async function copyAndHash(source: string, dest: string, options: CopyOptions = {}): Promise<string> {
  try {
    await mkdir(dirname(dest), { recursive: true });
    const { sha256 } = await runHashJob({ source, dest }, { signal: options.signal, onBytes: options.onBytes });
    return sha256;
  } catch (error) {
    // Not when the copy was never created: whatever is at `dest` is someone else's.
    if (!(error instanceof HashJobError) || error.created) await rm(dest, { force: true }).catch(() => {});
    if (options.signal?.aborted) throw new CancelledError(source);
    const code = (error as NodeJS.ErrnoException).code;
    // A full disk, and any failure to write, is about the destination; the rest is about reading the recording.
    const aboutDest =
      code === 'ENOSPC' || code === 'EDQUOT' || (error instanceof HashJobError && error.side === 'dest');
    throw mapHashError(error, aboutDest ? dest : source);
  }
}

/**
 * Removes hidden temporary files a crashed import or proxy job left in the library (they are
 * never referenced by a row). Only old ones: a CLI import may be writing one right now.
 */
export async function sweepStaleTemps(libraryDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) await visit(full, depth + 1);
      else if (
        entry.isFile() &&
        (entry.name.startsWith(TEMP_PREFIX) || /^\..*\.partial-\d+-[0-9a-f]+/.test(entry.name))
      ) {
        const info = await stat(full).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_TEMP_MS) {
          await rm(full, { force: true }).catch(() => {});
          removed++;
        }
      }
    }
  };
  await visit(libraryDir, 0);
  return removed;
}
