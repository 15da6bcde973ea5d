/**
 * Reading a CSV file the user names (marks, predictions, labels, manifests, rubric checklists):
 * a regular file only (a FIFO or a device would block forever), a size cap, and strict UTF-8
 * through domain/csv/rows.ts, so every CSV the app reads refuses the same bad input the same way.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { decodeCsvBytes } from '../../domain/csv/rows';

export class CsvFileError extends Error {
  override name = 'CsvFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
  }
}

const MAX_CSV_BYTES = 50 * 1024 * 1024;

/** The file's text, or CsvFileError / CsvEncodingError naming what is wrong with it. */
export function readCsvFile(file: string, opts: { maxBytes?: number; label?: string } = {}): string {
  const max = opts.maxBytes ?? MAX_CSV_BYTES;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CsvFileError(
      file,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (err as Error).message,
    );
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile())
      throw new CsvFileError(file, info.isDirectory() ? 'it is a folder' : 'it is not a regular file');
    if (info.size > max) throw new CsvFileError(file, `it is larger than ${Math.round(max / 1024 / 1024)} MB`);
    const bytes = Buffer.alloc(info.size);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return decodeCsvBytes(bytes.subarray(0, done), opts.label ?? file);
  } finally {
    closeSync(fd);
  }
}
