/**
 * Writing output files so that a failure leaves nothing behind: every file is written under a
 * new, unique `<name>.<pid>-<random>.partial`, flushed, and renamed into place (the rename replaces
 * a symbolic link at the target rather than writing through it); on any failure (a full disk above all) the
 * partial file, and an SQLite file's -wal, -shm and -journal companions, are removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { DiskFullError } from '../media/errors';

/** Create, never open an existing file, never through a symbolic link (Windows has no O_NOFOLLOW). */
const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * A temporary name beside `file` for one write: unique, so nobody can have prepared it (a symbolic
 * link planted at a fixed `<file>.partial` would turn the write into an overwrite of another file)
 * and two processes writing the same file never share it.
 */
export const partialPathFor = (file: string) => `${file}.${process.pid}-${randomBytes(6).toString('hex')}.partial`;

/** Opens `path` as a new file (O_EXCL | O_NOFOLLOW): fails if anything, a link included, is already there. */
export const openNewFile = (path: string, mode: number): number => openSync(path, NEW_FILE, mode);

export function isDiskFull(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return (
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === 'SQLITE_FULL' ||
    (code.startsWith('SQLITE_IOERR') && /space|full/i.test(String((err as Error).message)))
  );
}

/** A full disk as the user should read it: where, and that nothing half-written was left. */
export function diskFullError(file: string, cause: unknown): DiskFullError {
  const e = new DiskFullError(file, { cause });
  e.message = `${e.message} Nothing was left behind; free some space and try again.`;
  return e;
}

/** Removes an SQLite file and the companions SQLite may have made beside it. */
export function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/** Writes `data` to `file` atomically (partial, flush, rename); nothing remains on failure. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): void {
  const partial = partialPathFor(file);
  try {
    const fd = openNewFile(partial, mode);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    if (isDiskFull(err)) throw diskFullError(file, err);
    throw err;
  }
}
