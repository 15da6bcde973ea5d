import { resolve } from 'node:path';
import { CancelledError, NotARegularFileError, mapFsError } from './errors';
import { HashJobError, runHashJob } from './hash-thread';
import { assertRegularFile } from './file-checks';

export interface HashOptions {
  signal?: AbortSignal;
  /** Called as data is read; recordings are gigabytes, so the UI shows a bar. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * SHA-256 of a file, read in a hashing thread (hash-thread.ts): recordings are gigabytes, and the
 * hash is the recording's identity for de-duplication and the frame cache.
 */
export async function sha256File(path: string, options: HashOptions = {}): Promise<string> {
  const abs = resolve(path);
  const { size } = await assertRegularFile(abs);
  if (options.signal?.aborted) throw new CancelledError(abs);
  try {
    const { sha256 } = await runHashJob(
      { source: abs },
      { signal: options.signal, onBytes: (bytes) => options.onProgress?.(bytes, size) },
    );
    return sha256;
  } catch (error) {
    throw mapHashError(error, abs);
  }
}

/** A thread's file-system failure as the named error the same failure in this thread would give. */
export function mapHashError(error: unknown, path: string): unknown {
  if (error instanceof HashJobError && error.code === 'ENOTREGULAR')
    return new NotARegularFileError(path, 'special file');
  return mapFsError(error, path);
}
