/**
 * Writing output files so that a failure leaves nothing behind: every file is written under
 * `<name>.partial`, flushed, and renamed into place; on any failure (a full disk above all) the
 * partial file, and an SQLite file's -wal, -shm and -journal companions, are removed.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { DiskFullError } from '../media/errors';

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
  const partial = `${file}.partial`;
  try {
    const fd = openSync(partial, 'w', mode);
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
